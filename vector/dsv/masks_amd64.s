#include "textflag.h"

// func masksAVX2(buf *byte, blocks int, delim, quote byte, dm, nm *uint64) bool
TEXT ·masksAVX2(SB), NOSPLIT, $0-41
	MOVQ    buf+0(FP), SI
	MOVQ    blocks+8(FP), CX
	MOVBQZX delim+16(FP), AX
	MOVBQZX quote+17(FP), DX
	MOVQ    dm+24(FP), DI
	MOVQ    nm+32(FP), R8
	MOVQ    AX, X0
	VPBROADCASTB X0, Y0
	MOVQ    $10, AX
	MOVQ    AX, X1
	VPBROADCASTB X1, Y1
	MOVQ    DX, X6
	VPBROADCASTB X6, Y6
	VPXOR   Y7, Y7, Y7

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
	VPCMPEQB Y6, Y2, Y4
	VPCMPEQB Y6, Y3, Y5
	VPOR    Y4, Y7, Y7
	VPOR    Y5, Y7, Y7
	ADDQ    $64, SI
	ADDQ    $8, DI
	ADDQ    $8, R8
	DECQ    CX
	JMP     loop

done:
	VPTEST  Y7, Y7
	SETNE   ret+40(FP)
	VZEROUPPER
	RET
