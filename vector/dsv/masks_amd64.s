#include "textflag.h"

// func masksAVX2(buf *byte, blocks int, delim byte, dm, nm *uint64)
TEXT ·masksAVX2(SB), NOSPLIT, $0-40
	MOVQ    buf+0(FP), SI
	MOVQ    blocks+8(FP), CX
	MOVBQZX delim+16(FP), AX
	MOVQ    dm+24(FP), DI
	MOVQ    nm+32(FP), R8
	MOVQ    AX, X0
	VPBROADCASTB X0, Y0
	MOVQ    $10, AX
	MOVQ    AX, X1
	VPBROADCASTB X1, Y1

loop:
	TESTQ   CX, CX
	JZ      done
	VMOVDQU (SI), Y2
	VMOVDQU 32(SI), Y3
	VPCMPEQB Y0, Y2, Y4
	VPCMPEQB Y0, Y3, Y5
	VPMOVMSKB Y4, AX
	VPMOVMSKB Y5, BX
	SHLQ    $32, BX
	ORQ     BX, AX
	MOVQ    AX, (DI)
	VPCMPEQB Y1, Y2, Y4
	VPCMPEQB Y1, Y3, Y5
	VPMOVMSKB Y4, AX
	VPMOVMSKB Y5, BX
	SHLQ    $32, BX
	ORQ     BX, AX
	MOVQ    AX, (R8)
	ADDQ    $64, SI
	ADDQ    $8, DI
	ADDQ    $8, R8
	DECQ    CX
	JMP     loop

done:
	VZEROUPPER
	RET
