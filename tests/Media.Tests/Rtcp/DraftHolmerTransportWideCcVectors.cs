namespace Sfu.Media.Tests.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): the chunk
/// examples of §3.1.3–3.1.4, and whole packets from mediasoup's TestFeedbackRtpTransport.cpp and pion/rtcp's
/// transport_layer_cc_test.go (the pion captures whose padding count is consistent).
/// </summary>
internal static class DraftHolmerTransportWideCcVectors
{
    /// <summary>§3.1.3 example 1: run of 221 "not received".</summary>
    public const ushort RunLengthExample1 = 0x00DD;

    /// <summary>§3.1.3 example 2: run of 24 "received without delta" (symbol 11, reserved in -01).</summary>
    public const ushort RunLengthExample2 = 0x6018;

    /// <summary>§3.1.4 example 1: one-bit vector: 1 not received, 5 received, 3 not, 3 received, 2 not.</summary>
    public const ushort StatusVectorExample1 = 0x9F1C;

    /// <summary>mediasoup "one bit vector chunk": base 39, 13 statuses, reference 0x5FC2F1, fb count 3.</summary>
    public static byte[] MediasoupOneBitVector =>
    [
        0x8F, 0xCD, 0x00, 0x07, // V=2 FMT=15 PT=205, length 7
        0xFA, 0x17, 0xFA, 0x17, // sender SSRC
        0x09, 0xFA, 0xFF, 0x67, // media SSRC
        0x00, 0x27, 0x00, 0x0D, // base sequence number 39, packet status count 13
        0x5F, 0xC2, 0xF1, 0x03, // reference time 6275825, fb pkt count 3
        0xBF, 0x8E,             // 1-bit vector: 1111111 0001110 (13 used)
        0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1C, 0x04, 0x00, // 10 small deltas
    ];

    /// <summary>mediasoup "negative reference time": no statuses, reference time −2.</summary>
    public static byte[] MediasoupNegativeReferenceTime =>
    [
        0x8F, 0xCD, 0x00, 0x04, // V=2 FMT=15 PT=205, length 4
        0xFA, 0x17, 0xFA, 0x17, // sender SSRC
        0x09, 0xFA, 0xFF, 0x67, // media SSRC
        0x00, 0x27, 0x00, 0x00, // base 39, count 0
        0xFF, 0xFF, 0xFE, 0x01, // reference time −2 (24-bit signed), fb pkt count 1
    ];

    /// <summary>pion example1 (a Chrome capture): one received packet, delta 37 ms, 1 octet of RTCP padding.</summary>
    public static byte[] PionExample1 =>
    [
        0xAF, 0xCD, 0x00, 0x05, // V=2 P=1 FMT=15 PT=205, length 5
        0xFA, 0x17, 0xFA, 0x17, // sender SSRC 4195875351
        0x43, 0x03, 0x2F, 0xA0, // media SSRC 1124282272
        0x00, 0x99, 0x00, 0x01, // base 153, count 1
        0x3D, 0xE8, 0x02, 0x17, // reference time 4057090, fb pkt count 23
        0x20, 0x01,             // run length: symbol 01 (small delta), run 1
        0x94,                   // delta 148 × 250 µs = 37 ms
        0x01,                   // padding count 1
    ];

    /// <summary>pion example4: a run of 7 small deltas, 3 octets of RTCP padding.</summary>
    public static byte[] PionExample4 =>
    [
        0xAF, 0xCD, 0x00, 0x07, // V=2 P=1 FMT=15 PT=205, length 7
        0xFA, 0x17, 0xFA, 0x17, // sender SSRC
        0x19, 0x3D, 0xD8, 0xBB, // media SSRC 423483579
        0x00, 0x04, 0x00, 0x07, // base 4, count 7
        0x10, 0x63, 0x6E, 0x01, // reference time 1074030, fb pkt count 1
        0x20, 0x07,             // run length: small delta × 7
        0x4C, 0x24, 0x24, 0x10, 0x0C, 0x0C, 0x10, // 19, 9, 9, 4, 3, 3, 4 ms
        0x00, 0x00, 0x03,       // padding, count 3
    ];

    /// <summary>Hand-made: a two-bit vector with a large (negative) delta, then a run of not-received.</summary>
    public static byte[] TwoBitVectorWithNegativeDelta =>
    [
        0x8F, 0xCD, 0x00, 0x07, // V=2 FMT=15 PT=205, length 7
        0x00, 0x00, 0x00, 0x01, // sender SSRC
        0x00, 0x00, 0x00, 0x02, // media SSRC
        0xFF, 0xFE, 0x00, 0x0C, // base 65534, count 12 (wraps)
        0x00, 0x00, 0x01, 0x00, // reference time 1, fb pkt count 0
        0xD8, 0x40,             // 2-bit vector: 01 10 00 01 00 00 00 (7 used)
        0x00, 0x05,             // run length: not received × 5
        0x0A,                   // small delta 10 (2.5 ms)
        0xFF, 0xFC,             // large delta −4 (−1 ms)
        0x00,                   // small delta 0
        0x00, 0x00, 0x00, 0x00, // zero padding without the P bit (draft §3.1 figure)
    ];
}
