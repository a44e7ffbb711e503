using Sfu.Media.Rtp;
using Sfu.Media.Rtp.Extensions;

namespace Sfu.Benchmarks.Micro;

/// <summary>The kind of RTP packet a benchmark works on.</summary>
public enum PacketKind
{
    /// <summary>Opus, 160-byte payload (20 ms at 64 kbit/s); mid, abs-send-time, transport-cc and audio level.</summary>
    Audio,

    /// <summary>VP8, 1200-byte payload (a full video packet); mid, abs-send-time, transport-cc and video orientation.</summary>
    Video,
}

/// <summary>
/// Realistic RTP packets as a browser sends them: the extension ids are Chrome's defaults, and
/// <see cref="RouterIdMap"/> maps them to the router's ids (mediasoup's supportedRtpCapabilities).
/// </summary>
public static class BenchPackets
{
    /// <summary>Chrome's ids, as a producer negotiates them.</summary>
    public const int ProducerAudioLevelId = 1;

    /// <inheritdoc cref="ProducerAudioLevelId"/>
    public const int ProducerAbsSendTimeId = 2;

    /// <inheritdoc cref="ProducerAudioLevelId"/>
    public const int ProducerTransportWideCcId = 3;

    /// <inheritdoc cref="ProducerAudioLevelId"/>
    public const int ProducerMidId = 4;

    /// <inheritdoc cref="ProducerAudioLevelId"/>
    public const int ProducerVideoOrientationId = 13;

    /// <summary>The router's ids (mediasoup's preferred ids), as a consumer receives them.</summary>
    public const int RouterMidId = 1;

    /// <inheritdoc cref="RouterMidId"/>
    public const int RouterAbsSendTimeId = 4;

    /// <inheritdoc cref="RouterMidId"/>
    public const int RouterTransportWideCcId = 5;

    /// <inheritdoc cref="RouterMidId"/>
    public const int RouterAudioLevelId = 10;

    /// <inheritdoc cref="RouterMidId"/>
    public const int RouterVideoOrientationId = 11;

    /// <summary>Room for any packet plus the largest SRTP/SRTCP overhead.</summary>
    public const int BufferLength = 1500;

    /// <summary>The producer-to-router id map of the rewriter.</summary>
    public static RtpHeaderExtensionIdMap RouterIdMap() => new()
    {
        [ProducerMidId] = RouterMidId,
        [ProducerAbsSendTimeId] = RouterAbsSendTimeId,
        [ProducerTransportWideCcId] = RouterTransportWideCcId,
        [ProducerAudioLevelId] = RouterAudioLevelId,
        [ProducerVideoOrientationId] = RouterVideoOrientationId,
    };

    /// <summary>An audio or video packet with the kind's default payload size.</summary>
    public static byte[] Rtp(PacketKind kind) => Rtp(kind, kind == PacketKind.Audio ? 160 : 1200);

    /// <summary>A packet of <paramref name="kind"/> with a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static byte[] Rtp(PacketKind kind, int payloadLength)
    {
        bool audio = kind == PacketKind.Audio;
        var buffer = new byte[BufferLength];
        var b = new RtpPacketBuilder(buffer);
        var value = new byte[3]; // not stackalloc: the builder is over a heap buffer, so the compiler wants heap values
        bool ok = b.TryWriteHeader(marker: !audio, payloadType: audio ? (byte)111 : (byte)96, sequenceNumber: 23_456,
            timestamp: 3_000_000_000, ssrc: audio ? 0x1A2B3C4Du : 0x5E6F7081u, csrcs: default);
        ok &= b.TryBeginExtensions(RtpExtensionForm.OneByte);
        if (audio)
        {
            ok &= AudioLevelExtension.TryWrite(value, voiceActivity: true, level: 42);
            ok &= b.TryAddExtension(ProducerAudioLevelId, value.AsSpan(0, AudioLevelExtension.Length));
        }

        ok &= AbsSendTimeExtension.TryWrite(value, AbsSendTimeExtension.FromMicroseconds(12_345_678));
        ok &= b.TryAddExtension(ProducerAbsSendTimeId, value.AsSpan(0, AbsSendTimeExtension.Length));
        ok &= TransportWideSequenceNumberExtension.TryWrite(value, 4321);
        ok &= b.TryAddExtension(ProducerTransportWideCcId, value.AsSpan(0, TransportWideSequenceNumberExtension.Length));
        ok &= MidExtension.TryWrite(value, audio ? "0" : "1", out int midLength);
        ok &= b.TryAddExtension(ProducerMidId, value.AsSpan(0, midLength));
        if (!audio)
        {
            ok &= VideoOrientationExtension.TryWrite(value, new VideoOrientation(false, false, 90));
            ok &= b.TryAddExtension(ProducerVideoOrientationId, value.AsSpan(0, VideoOrientationExtension.Length));
        }

        ok &= b.TryEndExtensions();
        ok &= b.TryWritePayload(Payload(payloadLength, seed: (int)kind));
        if (!ok)
        {
            throw new InvalidOperationException($"could not build the {kind} packet");
        }

        return b.Written.ToArray();
    }

    /// <summary>Deterministic pseudo-random payload bytes (encrypted media looks random).</summary>
    public static byte[] Payload(int length, int seed)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }
}
