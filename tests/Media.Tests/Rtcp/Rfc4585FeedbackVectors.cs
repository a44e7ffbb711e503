namespace Sfu.Media.Tests.Rtcp;

/// <summary>RFC 4585 §6 feedback messages (and REMB), from mediasoup's worker/test/src/RTC/RTCP tests unless noted.</summary>
internal static class Rfc4585FeedbackVectors
{
    /// <summary>TestFeedbackRtpNack.cpp: PID 2959, BLP 0x0003 (PIDs 2959, 2960, 2961).</summary>
    public static byte[] Nack =>
    [
        0x81, 0xCD, 0x00, 0x03, // V=2 FMT=1 PT=205 (RTPFB), length 3
        0x00, 0x00, 0x00, 0x01, // sender SSRC 1
        0x03, 0x30, 0xBD, 0xEE, // media SSRC 0x0330bdee
        0x0B, 0x8F, 0x00, 0x03, // PID 2959, BLP 0x0003
    ];

    /// <summary>PLI: no FCI.</summary>
    public static byte[] Pli =>
    [
        0x81, 0xCE, 0x00, 0x02, // V=2 FMT=1 PT=206 (PSFB), length 2
        0x00, 0x00, 0x00, 0x01, // sender SSRC 1
        0x02, 0xD0, 0x37, 0x02, // media SSRC 0x02d03702
    ];

    /// <summary>TestFeedbackPsSli.cpp: first 1, number 4, picture id 1.</summary>
    public static byte[] Sli =>
    [
        0x82, 0xCE, 0x00, 0x03, // V=2 FMT=2 PT=206, length 3
        0xFA, 0x17, 0xFA, 0x17, // sender SSRC
        0x00, 0x00, 0x00, 0x00, // media SSRC 0
        0x00, 0x08, 0x01, 0x01, // first=1 (13 bits), number=4 (13 bits), picture id=1 (6 bits)
    ];

    /// <summary>
    /// TestFeedbackPsRpsi.cpp: PB=8, PT=2, 6 bit-string octets of which the last is padding (40 meaningful bits).
    /// mediasoup's reader reports PT 1 here because of a bit-field order bug; RFC 4585 §6.3.3.2 puts the zero bit first.
    /// </summary>
    public static byte[] Rpsi =>
    [
        0x83, 0xCE, 0x00, 0x04, // V=2 FMT=3 PT=206, length 4
        0xFA, 0x17, 0xFA, 0x17, // sender SSRC
        0x00, 0x00, 0x00, 0x00, // media SSRC
        0x08, 0x02, 0x00, 0x00, // PB=8 | 0 | PT=2 | bit string
        0x00, 0x00, 0x01, 0x00, // bit string … | padding octet
    ];

    /// <summary>TestFeedbackPsAfb.cpp: application layer feedback that is not REMB.</summary>
    public static byte[] Afb =>
    [
        0x8F, 0xCE, 0x00, 0x03, // V=2 FMT=15 PT=206, length 3
        0xFA, 0x17, 0xFA, 0x17, // sender SSRC
        0x00, 0x00, 0x00, 0x00, // media SSRC
        0x00, 0x00, 0x00, 0x01, // data
    ];

    /// <summary>TestFeedbackPsRemb.cpp (draft-alvestrand-rmcat-remb-03): 122754 bit/s for two SSRCs.</summary>
    public static byte[] Remb =>
    [
        0x8F, 0xCE, 0x00, 0x06, // V=2 FMT=15 PT=206, length 6
        0xFA, 0x17, 0xFA, 0x17, // sender SSRC
        0x00, 0x00, 0x00, 0x00, // media SSRC 0
        0x52, 0x45, 0x4D, 0x42, // "REMB"
        0x02, 0x01, 0xDF, 0x82, // num SSRC 2, BR exp 0, mantissa 122754
        0x02, 0xD0, 0x37, 0x02, // SSRC 0x02d03702
        0x04, 0xA7, 0x67, 0x47, // SSRC 0x04a76747
    ];
}
