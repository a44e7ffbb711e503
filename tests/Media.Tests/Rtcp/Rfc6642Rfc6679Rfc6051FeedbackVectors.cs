namespace Sfu.Media.Tests.Rtcp;

/// <summary>
/// Feedback messages of RFC 6642 (third-party loss), RFC 6679 (ECN) and RFC 6051 (SR-REQ), from mediasoup's
/// worker/test/src/RTC/RTCP tests.
/// </summary>
internal static class Rfc6642Rfc6679Rfc6051FeedbackVectors
{
    /// <summary>TestFeedbackRtpTllei.cpp: PID 1, BLP 0b1010101001010101.</summary>
    public static byte[] Tllei =>
    [
        0x87, 0xCD, 0x00, 0x03, // V=2 FMT=7 PT=205, length 3
        0x00, 0x00, 0x00, 0x01, // sender SSRC
        0x03, 0x30, 0xBD, 0xEE, // media SSRC
        0x00, 0x01, 0xAA, 0x55, // PID 1, BLP 0xaa55
    ];

    /// <summary>TestFeedbackPsLei.cpp (PSLEI).</summary>
    public static byte[] Pslei =>
    [
        0x88, 0xCE, 0x00, 0x03, // V=2 FMT=8 PT=206, length 3
        0xFA, 0x17, 0xFA, 0x17, // sender SSRC
        0x00, 0x00, 0x00, 0x00, // media SSRC
        0x02, 0xD0, 0x37, 0x02, // SSRC 0x02d03702
    ];

    /// <summary>TestFeedbackRtpEcn.cpp: every counter 1.</summary>
    public static byte[] Ecn =>
    [
        0x88, 0xCD, 0x00, 0x07, // V=2 FMT=8 PT=205, length 7
        0x00, 0x00, 0x00, 0x01, // sender SSRC
        0x03, 0x30, 0xBD, 0xEE, // media SSRC
        0x00, 0x00, 0x00, 0x01, // extended highest sequence number
        0x00, 0x00, 0x00, 0x01, // ECT(0) counter
        0x00, 0x00, 0x00, 0x01, // ECT(1) counter
        0x00, 0x01, 0x00, 0x01, // ECN-CE counter | not-ECT counter
        0x00, 0x01, 0x00, 0x01, // lost packets counter | duplication counter
    ];

    /// <summary>TestFeedbackRtpSrReq.cpp.</summary>
    public static byte[] SrReq =>
    [
        0x85, 0xCD, 0x00, 0x02, // V=2 FMT=5 PT=205, length 2
        0x00, 0x00, 0x00, 0x01, // sender SSRC
        0x03, 0x30, 0xBD, 0xEE, // media SSRC
    ];
}
