namespace Sfu.Media.Tests.Rtp;

/// <summary>
/// RTP packets with header extensions laid out as the figures of RFC 8285 §4.2 (one-byte form) and §4.3 (two-byte
/// form), plus mediasoup's worker/test/src/RTC/RTP/TestPacket.cpp packets.
/// </summary>
internal static class Rfc8285HeaderExtensionVectors
{
    /// <summary>RFC 8285 §4.2 figure: elements with L=0, L=1 and L=3, two padding octets between them.</summary>
    public static byte[] OneByteForm =>
    [
        0x90, 0x01, 0x00, 0x08, // V=2 X=1 CC=0 | M=0 PT=1 | seq 8
        0x00, 0x00, 0x00, 0x04, // timestamp 4
        0x00, 0x00, 0x00, 0x05, // SSRC 5
        0xBE, 0xDE, 0x00, 0x03, // one-byte profile, length 3 words
        0x10, 0xAA,             // id 1, L=0 → 1 byte: AA
        0x21, 0xBB, 0xFF,       // id 2, L=1 → 2 bytes: BB FF
        0x00, 0x00,             // padding
        0x33, 0xFF, 0xFF, 0xFF, 0xFF, // id 3, L=3 → 4 bytes
        0x12, 0x23,             // payload
    ];

    /// <summary>RFC 8285 §4.3 figure: elements with L=0, L=1 and L=4, one padding octet.</summary>
    public static byte[] TwoByteForm =>
    [
        0x90, 0x6F, 0x12, 0x34, // V=2 X=1 | M=0 PT=111 | seq 0x1234
        0x00, 0x01, 0x00, 0x00, // timestamp 65536
        0xCA, 0xFE, 0xBA, 0xBE, // SSRC
        0x10, 0x00, 0x00, 0x03, // two-byte profile (appbits 0), length 3 words
        0x01, 0x00,             // id 1, L=0 (no data)
        0x02, 0x01, 0x42,       // id 2, L=1: 42
        0x00,                   // padding
        0x03, 0x04, 0xDE, 0xAD, 0xBE, 0xEF, // id 3, L=4
        0x01, 0x02, 0x03,       // payload
    ];

    /// <summary>mediasoup "with Two-Bytes extensions": leading padding, zero-length elements, no payload.</summary>
    public static byte[] MediasoupTwoByteForm =>
    [
        0x90, 0x01, 0x00, 0x08,
        0x00, 0x00, 0x00, 0x04,
        0x00, 0x00, 0x00, 0x05,
        0x10, 0x00, 0x00, 0x04, // two-byte profile, length 4 words
        0x00, 0x00, 0x01, 0x00, // padding, padding, id 1 L=0
        0x02, 0x01, 0x42, 0x00, // id 2 L=1: 42, padding
        0x03, 0x02, 0x11, 0x22, // id 3 L=2: 11 22
        0x00, 0x00, 0x04, 0x00, // padding, padding, id 4 L=0
    ];

    /// <summary>mediasoup "without extensions or payload": the fixed header alone.</summary>
    public static byte[] HeaderOnly =>
    [
        0x80, 0x01, 0x00, 0x08, // PT 1, seq 8
        0x00, 0x00, 0x00, 0x04, // timestamp 4
        0x00, 0x00, 0x00, 0x05, // SSRC 5
    ];

    /// <summary>mediasoup "padding-only packet": 8 padding octets, the last one holding the count.</summary>
    public static byte[] PaddingOnly =>
    [
        0xA0, 0x01, 0x00, 0x09, // V=2 P=1 | PT 1 | seq 9
        0x00, 0x00, 0x00, 0x05, // timestamp 5
        0x00, 0x00, 0x00, 0x06, // SSRC 6
        0x00, 0x00, 0x00, 0x00, // padding
        0x00, 0x00, 0x00, 0x08, // padding, count 8
    ];

    /// <summary>Two CSRCs, marker set, payload and 3 padding octets.</summary>
    public static byte[] CsrcsAndPadding =>
    [
        0xA2, 0xE0, 0xFF, 0xFF, // V=2 P=1 CC=2 | M=1 PT=96 | seq 65535
        0xFF, 0xFF, 0xFF, 0xFF, // timestamp
        0x00, 0x00, 0x00, 0x01, // SSRC 1
        0x00, 0x00, 0x00, 0x02, // CSRC 2
        0x00, 0x00, 0x00, 0x03, // CSRC 3
        0x99,                   // payload
        0x00, 0x00, 0x03,       // padding, count 3
    ];

    /// <summary>Every valid vector.</summary>
    public static TheoryData<string> Names => ["OneByteForm", "TwoByteForm", "MediasoupTwoByteForm", "HeaderOnly", "PaddingOnly", "CsrcsAndPadding"];

    public static byte[] Get(string name) => name switch
    {
        "OneByteForm" => OneByteForm,
        "TwoByteForm" => TwoByteForm,
        "MediasoupTwoByteForm" => MediasoupTwoByteForm,
        "HeaderOnly" => HeaderOnly,
        "PaddingOnly" => PaddingOnly,
        "CsrcsAndPadding" => CsrcsAndPadding,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
