namespace Sfu.Media.Tests.Rtcp;

/// <summary>RFC 5104 codec control messages, from mediasoup's worker/test/src/RTC/RTCP tests.</summary>
internal static class Rfc5104CodecControlVectors
{
    /// <summary>TestFeedbackPsFir.cpp.</summary>
    public static byte[] Fir =>
    [
        0x84, 0xCE, 0x00, 0x04, // V=2 FMT=4 PT=206, length 4
        0xFA, 0x17, 0xFA, 0x17, // sender SSRC
        0x00, 0x00, 0x00, 0x00, // media SSRC 0
        0x02, 0xD0, 0x37, 0x02, // SSRC 0x02d03702
        0x04, 0x00, 0x00, 0x00, // seq nr 4, reserved
    ];

    /// <summary>TestFeedbackRtpTmmb.cpp: exp 6, mantissa 5711 → 365504 bit/s, overhead 0.</summary>
    public static byte[] Tmmbr =>
    [
        0x83, 0xCD, 0x00, 0x04, // V=2 FMT=3 PT=205, length 4
        0x00, 0x00, 0x00, 0x01, // sender SSRC 1
        0x03, 0x30, 0xBD, 0xEE, // media SSRC
        0x02, 0xD0, 0x37, 0x02, // SSRC 0x02d03702
        0x18, 0x2C, 0x9E, 0x00, // exp 6 | mantissa 5711 | overhead 0
    ];

    /// <summary>
    /// TestFeedbackPsTst.cpp TSTN: seq 8, index 1. mediasoup's copy carries FMT 4 (FIR); TSTN is FMT 6 (§4.3.3).
    /// </summary>
    public static byte[] Tstn =>
    [
        0x86, 0xCE, 0x00, 0x04, // V=2 FMT=6 PT=206, length 4
        0xFA, 0x17, 0xFA, 0x17, // sender SSRC
        0x00, 0x00, 0x00, 0x00, // media SSRC
        0x02, 0xD0, 0x37, 0x02, // SSRC
        0x08, 0x00, 0x00, 0x01, // seq nr 8, reserved, index 1
    ];

    /// <summary>
    /// TestFeedbackPsVbcm.cpp: seq 8, PT 2, one octet. mediasoup's copy carries FMT 4; VBCM is FMT 7 (§4.3.4).
    /// </summary>
    public static byte[] Vbcm =>
    [
        0x87, 0xCE, 0x00, 0x05, // V=2 FMT=7 PT=206, length 5
        0xFA, 0x17, 0xFA, 0x17, // sender SSRC
        0x00, 0x00, 0x00, 0x00, // media SSRC
        0x02, 0xD0, 0x37, 0x02, // SSRC
        0x08, 0x02, 0x00, 0x01, // seq nr 8 | 0 | PT 2 | length 1
        0x01, 0x00, 0x00, 0x00, // octet string 01, padding
    ];
}
