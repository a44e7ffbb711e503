using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Transports;
using Sfu.Contracts.Wire;
using Sfu.Media.Rtcp;
using Sfu.Media.Rtp;
using Sfu.Media.Time;
using RtcpFeedback = Sfu.Contracts.Rtp.RtcpFeedback;

namespace Sfu.Client.Tests.Media;

/// <summary>
/// One node per test class, reached in process or over the wire (<see cref="ISfuTarget"/>): starting a node takes
/// longer than most of these tests, and every test works in routers of its own.
/// </summary>
public abstract class SfuTargetFixture : IAsyncLifetime
{
    public ISfuTarget Target { get; private set; } = null!;

    protected abstract Task<ISfuTarget> StartAsync();

    public async Task InitializeAsync() => Target = await StartAsync();

    public async Task DisposeAsync() => await Target.DisposeAsync();
}

public sealed class InProcessTargetFixture : SfuTargetFixture
{
    protected override Task<ISfuTarget> StartAsync() => InProcessTarget.StartAsync();
}

public sealed class WebSocketTargetFixture : SfuTargetFixture
{
    protected override Task<ISfuTarget> StartAsync() => WebSocketTarget.StartAsync();
}

/// <summary>
/// What the media API tests share: the node of the class fixture, the router codecs of mediasoup's own tests, and
/// producer parameters in the shapes those tests use. Each test's routers are closed when it ends.
/// </summary>
public abstract class MediaApiTestBase(SfuTargetFixture fixture) : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly List<IRouter> _routers = new();
    private readonly List<EventHandler<WireNotification>> _handlers = new();

    protected ISfu Sfu => fixture.Target.Sfu;

    /// <summary>The raw wire connection, for requests the typed API cannot express (bad JSON) and for JSON shapes.</summary>
    protected ISfuConnection Raw => ((SfuClient)Sfu).Connection;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var handler in _handlers)
        {
            Raw.Notification -= handler;
        }
        foreach (var router in _routers)
        {
            await router.CloseAsync();
        }
    }

    /// <summary>The wire notifications this session receives from now on (until the test ends).</summary>
    protected EventLog<WireNotification> Notifications()
    {
        var log = new EventLog<WireNotification>();
        EventHandler<WireNotification> handler = (_, n) => log.Add(n);
        Raw.Notification += handler;
        _handlers.Add(handler);
        return log;
    }

    /// <summary>mediasoup's test router: opus 100, VP8 101 (rtx 102), H264 103 (rtx 104).</summary>
    public static RouterOptions RouterCodecs(int? workerId = null) => new()
    {
        WorkerId = workerId,
        MediaCodecs =
        [
            new RtpCodecCapability
            {
                Kind = MediaKind.Audio, MimeType = "audio/opus", ClockRate = 48000, Channels = 2,
                Parameters = new Dictionary<string, CodecParameterValue> { ["useinbandfec"] = 1, ["foo"] = "bar" },
            },
            new RtpCodecCapability { Kind = MediaKind.Video, MimeType = "video/VP8", ClockRate = 90000 },
            new RtpCodecCapability
            {
                Kind = MediaKind.Video, MimeType = "video/H264", ClockRate = 90000,
                Parameters = new Dictionary<string, CodecParameterValue>
                {
                    ["level-asymmetry-allowed"] = 1, ["packetization-mode"] = 1, ["profile-level-id"] = "4d0032", ["foo"] = "bar",
                },
            },
        ],
    };

    protected async Task<IRouter> CreateRouterAsync(int? workerId = null)
    {
        var router = await Sfu.CreateRouterAsync(RouterCodecs(workerId));
        _routers.Add(router);
        return router;
    }

    public static TransportListenInfo Loopback => new() { Protocol = TransportProtocol.Udp, Ip = "127.0.0.1" };

    protected static Task<IPlainTransport> CreatePlainAsync(IRouter router, PlainTransportOptions? options = null) =>
        router.CreatePlainTransportAsync(options ?? new PlainTransportOptions { ListenInfo = Loopback });

    /// <summary>mediasoup's test audio producer: opus PT 111 with parameters of several kinds, MID, audio level.</summary>
    public static RtpParameters OpusParameters(uint ssrc = 11111111, string? mid = "AUDIO", string cname = "FOOBAR") => new()
    {
        Mid = mid,
        Codecs =
        [
            new RtpCodecParameters
            {
                MimeType = "audio/opus", PayloadType = 111, ClockRate = 48000, Channels = 2,
                Parameters = new Dictionary<string, CodecParameterValue>
                {
                    ["useinbandfec"] = 1, ["usedtx"] = 1, ["foo"] = 222.222, ["bar"] = "333",
                },
            },
        ],
        HeaderExtensions =
        [
            new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.Mid, Id = 10 },
            new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.SsrcAudioLevel, Id = 12 },
        ],
        Encodings = [new RtpEncodingParameters { Ssrc = ssrc }],
        Rtcp = new RtcpParameters { Cname = cname },
    };

    /// <summary>A single-stream VP8 producer on PT 96 with RTX on PT 97, NACK, PLI and FIR.</summary>
    public static RtpParameters Vp8Parameters(uint ssrc = 22222222, uint? rtxSsrc = 22222223, string? mid = "VIDEO", string cname = "FOOBAR") => new()
    {
        Mid = mid,
        Codecs =
        [
            new RtpCodecParameters
            {
                MimeType = "video/VP8", PayloadType = 96, ClockRate = 90000,
                RtcpFeedback = [new RtcpFeedback("nack"), new RtcpFeedback("nack", "pli"), new RtcpFeedback("ccm", "fir"), new RtcpFeedback("goog-remb")],
            },
            new RtpCodecParameters
            {
                MimeType = "video/rtx", PayloadType = 97, ClockRate = 90000,
                Parameters = new Dictionary<string, CodecParameterValue> { ["apt"] = 96 },
            },
        ],
        HeaderExtensions =
        [
            new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.Mid, Id = 10 },
            new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.AbsSendTime, Id = 11 },
            new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.VideoOrientation, Id = 13 },
        ],
        Encodings = [rtxSsrc is { } rtx ? new RtpEncodingParameters { Ssrc = ssrc, Rtx = new RtpEncodingRtx { Ssrc = rtx } } : new RtpEncodingParameters { Ssrc = ssrc }],
        Rtcp = new RtcpParameters { Cname = cname },
    };

    /// <summary>mediasoup's simulcast H264 producer: 4 encodings with RTX, the first L1T3.</summary>
    public static RtpParameters H264SimulcastParameters(string mid = "VIDEO") => new()
    {
        Mid = mid,
        Codecs =
        [
            new RtpCodecParameters
            {
                MimeType = "video/h264", PayloadType = 112, ClockRate = 90000,
                Parameters = new Dictionary<string, CodecParameterValue> { ["packetization-mode"] = 1, ["profile-level-id"] = "4d0032" },
                RtcpFeedback = [new RtcpFeedback("nack", ""), new RtcpFeedback("nack", "pli"), new RtcpFeedback("goog-remb", "")],
            },
            new RtpCodecParameters
            {
                MimeType = "video/rtx", PayloadType = 113, ClockRate = 90000,
                Parameters = new Dictionary<string, CodecParameterValue> { ["apt"] = 112 },
            },
        ],
        HeaderExtensions =
        [
            new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.Mid, Id = 10 },
            new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.VideoOrientation, Id = 13 },
        ],
        Encodings =
        [
            new RtpEncodingParameters { Ssrc = 22222222, Rtx = new RtpEncodingRtx { Ssrc = 22222223 }, ScalabilityMode = "L1T3" },
            new RtpEncodingParameters { Ssrc = 22222224, Rtx = new RtpEncodingRtx { Ssrc = 22222225 } },
            new RtpEncodingParameters { Ssrc = 22222226, Rtx = new RtpEncodingRtx { Ssrc = 22222227 } },
            new RtpEncodingParameters { Ssrc = 22222228, Rtx = new RtpEncodingRtx { Ssrc = 22222229 } },
        ],
        Rtcp = new RtcpParameters { Cname = "FOOBAR" },
    };

    /// <summary>mediasoup's test device: opus 100 (nack), H264 101 + rtx 102, VP8 103 + rtx 104; extensions 1, 2, 4, 10, 11, 12.</summary>
    public static RtpCapabilities DeviceCapabilities => new()
    {
        Codecs =
        [
            new RtpCodecCapability
            {
                Kind = MediaKind.Audio, MimeType = "audio/opus", PreferredPayloadType = 100, ClockRate = 48000, Channels = 2,
                RtcpFeedback = [new RtcpFeedback("nack", "")],
            },
            new RtpCodecCapability
            {
                Kind = MediaKind.Video, MimeType = "video/H264", PreferredPayloadType = 101, ClockRate = 90000,
                Parameters = new Dictionary<string, CodecParameterValue>
                {
                    ["level-asymmetry-allowed"] = 1, ["packetization-mode"] = 1, ["profile-level-id"] = "4d0032",
                },
                RtcpFeedback = [new RtcpFeedback("nack", ""), new RtcpFeedback("nack", "pli"), new RtcpFeedback("ccm", "fir"), new RtcpFeedback("goog-remb", "")],
            },
            new RtpCodecCapability
            {
                Kind = MediaKind.Video, MimeType = "video/rtx", PreferredPayloadType = 102, ClockRate = 90000,
                Parameters = new Dictionary<string, CodecParameterValue> { ["apt"] = 101 },
            },
            new RtpCodecCapability
            {
                Kind = MediaKind.Video, MimeType = "video/VP8", PreferredPayloadType = 103, ClockRate = 90000,
                RtcpFeedback = [new RtcpFeedback("nack", ""), new RtcpFeedback("nack", "pli"), new RtcpFeedback("ccm", "fir"), new RtcpFeedback("goog-remb", "")],
            },
            new RtpCodecCapability
            {
                Kind = MediaKind.Video, MimeType = "video/rtx", PreferredPayloadType = 104, ClockRate = 90000,
                Parameters = new Dictionary<string, CodecParameterValue> { ["apt"] = 103 },
            },
        ],
        HeaderExtensions =
        [
            new RtpHeaderExtension { Kind = MediaKind.Audio, Uri = RtpHeaderExtensionUris.Mid, PreferredId = 1 },
            new RtpHeaderExtension { Kind = MediaKind.Video, Uri = RtpHeaderExtensionUris.Mid, PreferredId = 1 },
            new RtpHeaderExtension { Kind = MediaKind.Video, Uri = RtpHeaderExtensionUris.RtpStreamId, PreferredId = 2 },
            new RtpHeaderExtension { Kind = MediaKind.Audio, Uri = RtpHeaderExtensionUris.AbsSendTime, PreferredId = 4 },
            new RtpHeaderExtension { Kind = MediaKind.Video, Uri = RtpHeaderExtensionUris.AbsSendTime, PreferredId = 4 },
            new RtpHeaderExtension { Kind = MediaKind.Audio, Uri = RtpHeaderExtensionUris.SsrcAudioLevel, PreferredId = 10 },
            new RtpHeaderExtension { Kind = MediaKind.Video, Uri = RtpHeaderExtensionUris.VideoOrientation, PreferredId = 11 },
            new RtpHeaderExtension { Kind = MediaKind.Video, Uri = RtpHeaderExtensionUris.TimeOffset, PreferredId = 12 },
        ],
    };

    protected static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    /// <summary>A wire request with raw JSON data; answers the response data.</summary>
    protected Task<JsonElement> RawRequestAsync(string method, string json) => Raw.RequestAsync(method, Json(json));

    protected static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            try
            {
                await Task.Delay(10, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }
        }
    }

    protected static async Task<T> WaitUntilAsync<T>(Func<Task<T>> poll, Func<T, bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var value = await poll();
            if (condition(value))
            {
                return value;
            }
            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting for {what}; last value {JsonSerializer.Serialize(value)}");
            }
        }
    }

    protected static JsonObject AppData(string key, string value) => new() { [key] = value };

    /// <summary>A 44-byte AEAD_AES_256_GCM master key and salt, as mediasoup's tests use.</summary>
    protected const string Aes256GcmKey = "YTdjcDBvY2JoMGY5YXNlNDc0eDJsdGgwaWRvNnJsamRrdG16aWVpZHphdHo=";

    protected static async Task AssertError(Func<Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<SfuException>(call);
        Assert.Equal(ErrorNames.Error, error.Name);
    }

    protected static void AssertFields(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.True(element.TryGetProperty(name, out _), $"missing field '{name}' in {element}");
        }
    }

    protected static void AssertNoFields(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.False(element.TryGetProperty(name, out _), $"unexpected field '{name}' in {element}");
        }
    }

    /// <summary>A UDP port that is free right now (mediasoup's tests use pick-port the same way).</summary>
    protected static int FreeUdpPort(string ip = "127.0.0.1")
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(ip), 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

/// <summary>Events as they arrive, with waits (timeouts, never sleeps) for the ones a test expects.</summary>
public sealed class EventLog<T>
{
    private readonly Lock _gate = new();
    private readonly List<T> _items = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _items.Add(item);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_gate)
            {
                return _items.ToArray();
            }
        }
    }

    public int Count => Items.Count;

    /// <summary>Waits until at least <paramref name="count"/> events arrived; answers them all.</summary>
    public Task<IReadOnlyList<T>> WaitForCountAsync(int count, TimeSpan? timeout = null) =>
        WaitAsync(items => items.Count >= count, $"{count} event(s) of {typeof(T).Name}", timeout);

    /// <summary>Waits for an event that satisfies <paramref name="predicate"/>.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> predicate, string what, TimeSpan? timeout = null)
    {
        var items = await WaitAsync(items => items.Any(predicate), what, timeout);
        return items.First(predicate);
    }

    private async Task<IReadOnlyList<T>> WaitAsync(Func<IReadOnlyList<T>, bool> done, string what, TimeSpan? timeout)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            IReadOnlyList<T> items;
            lock (_gate)
            {
                items = _items.ToArray();
                changed = _changed.Task;
            }
            if (done(items))
            {
                return items;
            }
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting for {what}; got {items.Count} event(s)");
            }
        }
    }
}

/// <summary>RTP and RTCP packets built with the media engine's own writers, for a test to send from a UDP socket.</summary>
public static class TestPackets
{
    /// <summary>A VP8 payload that starts a key frame (RFC 7741 §4.2/§4.3: S=1, PID=0, P=0).</summary>
    public static readonly byte[] Vp8KeyFrame = [0x10, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00, 0x00];

    /// <summary>A VP8 payload of an inter frame (P=1).</summary>
    public static readonly byte[] Vp8DeltaFrame = [0x10, 0x01, 0x00, 0x00, 0x00, 0x00];

    /// <summary>An Opus frame (TOC 0xFC: 20 ms, stereo) with some bytes.</summary>
    public static readonly byte[] OpusFrame = [0xfc, 0xff, 0xfe, 0x01, 0x02, 0x03, 0x04, 0x05];

    public static byte[] Rtp(byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload,
        bool marker = false, params (int Id, byte[] Value)[] extensions)
    {
        Span<byte> buffer = stackalloc byte[1500];
        var builder = new RtpPacketBuilder(buffer);
        Check(builder.TryWriteHeader(marker, payloadType, sequenceNumber, timestamp, ssrc, default));
        if (extensions.Length > 0)
        {
            Check(builder.TryBeginExtensions(RtpExtensionForm.OneByte));
            foreach (var (id, value) in extensions)
            {
                Check(builder.TryAddExtension(id, value));
            }
            Check(builder.TryEndExtensions());
        }
        Check(builder.TryWritePayload(payload));
        return builder.Written.ToArray();
    }

    /// <summary>The NTP timestamp of every <see cref="SenderReport"/>.</summary>
    public static readonly NtpTime SenderReportNtp = NtpTime.FromUnixMicroseconds(1_700_000_000_000_000);

    /// <summary>An RTCP SR (RFC 3550 §6.4.1) with no report blocks, stamped <see cref="SenderReportNtp"/>.</summary>
    public static byte[] SenderReport(uint ssrc, uint rtpTimestamp, uint packetCount, uint octetCount)
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new SenderReportWriter(ssrc, SenderReportNtp, rtpTimestamp, packetCount, octetCount, []);
        Check(writer.TryWrite(buffer, out var written));
        return buffer[..written].ToArray();
    }

    /// <summary>An RTCP RR (RFC 3550 §6.4.2) from <paramref name="senderSsrc"/> about <paramref name="mediaSsrc"/>.</summary>
    public static byte[] ReceiverReport(uint senderSsrc, uint mediaSsrc, byte fractionLost, int cumulativeLost, uint highestSequence)
    {
        Span<byte> buffer = stackalloc byte[128];
        ReadOnlySpan<ReceptionReport> reports = [new ReceptionReport(mediaSsrc, fractionLost, cumulativeLost, highestSequence, 0, 0, 0)];
        var writer = new ReceiverReportWriter(senderSsrc, reports);
        Check(writer.TryWrite(buffer, out var written));
        return buffer[..written].ToArray();
    }

    /// <summary>An RTCP PLI (RFC 4585 §6.3.1).</summary>
    public static byte[] Pli(uint senderSsrc, uint mediaSsrc)
    {
        Span<byte> buffer = stackalloc byte[64];
        Check(RtcpFeedbackWriter.Pli(senderSsrc, mediaSsrc).TryWrite(buffer, out var written));
        return buffer[..written].ToArray();
    }

    /// <summary>An RTCP FIR (RFC 5104 §4.3.1) asking <paramref name="mediaSsrc"/> for a key frame.</summary>
    public static byte[] Fir(uint senderSsrc, uint mediaSsrc, byte sequenceNumber)
    {
        Span<byte> buffer = stackalloc byte[64];
        ReadOnlySpan<FirItem> items = [new FirItem(mediaSsrc, sequenceNumber)];
        Check(RtcpFeedbackWriter.Fir(senderSsrc, items).TryWrite(buffer, out var written));
        return buffer[..written].ToArray();
    }

    /// <summary>An RTCP generic NACK (RFC 4585 §6.2.1) for <paramref name="lost"/> and the ones its bitmask names.</summary>
    public static byte[] Nack(uint senderSsrc, uint mediaSsrc, ushort lost, ushort bitmask = 0)
    {
        Span<byte> buffer = stackalloc byte[64];
        ReadOnlySpan<GenericNackItem> items = [new GenericNackItem(lost, bitmask)];
        Check(RtcpFeedbackWriter.Nack(senderSsrc, mediaSsrc, items).TryWrite(buffer, out var written));
        return buffer[..written].ToArray();
    }

    public static bool IsRtcp(ReadOnlySpan<byte> datagram) => RtpPacketView.IsRtcp(datagram);

    /// <summary>The RTCP packet types in a compound packet (RFC 3550 §6.1), read from the common headers.</summary>
    public static IReadOnlyList<int> RtcpPacketTypes(byte[] compound) => RtcpPackets(compound).Select(p => p.Type).ToArray();

    /// <summary>The packets of an RTCP compound (RFC 3550 §6.1) as (packet type, bytes of that packet).</summary>
    public static IReadOnlyList<(int Type, byte[] Packet)> RtcpPackets(byte[] compound)
    {
        var packets = new List<(int, byte[])>();
        var offset = 0;
        while (offset + 4 <= compound.Length)
        {
            var length = (BinaryPrimitives.ReadUInt16BigEndian(compound.AsSpan(offset + 2)) + 1) * 4;
            if (offset + length > compound.Length)
            {
                break;
            }
            packets.Add((compound[offset + 1], compound[offset..(offset + length)]));
            offset += length;
        }
        return packets;
    }

    /// <summary>An RTCP XR (RFC 3611) with a receiver reference time block and/or a DLRR block.</summary>
    public static byte[] ExtendedReport(uint senderSsrc, NtpTime? receiverReferenceTime, params DlrrSubBlock[] dlrr)
    {
        Span<byte> buffer = stackalloc byte[256];
        Check(new ExtendedReportWriter(senderSsrc, receiverReferenceTime, dlrr).TryWrite(buffer, out var written));
        return buffer[..written].ToArray();
    }

    /// <summary>The FCI items of the generic NACKs (RTPFB FMT 1) about <paramref name="mediaSsrc"/> in a compound.</summary>
    public static IReadOnlyList<(ushort PacketId, ushort Bitmask)> NackItems(byte[] compound, uint mediaSsrc) =>
        RtcpPackets(compound)
            .Where(p => p.Type == 205 && (p.Packet[0] & 0x1F) == 1 && BinaryPrimitives.ReadUInt32BigEndian(p.Packet.AsSpan(8)) == mediaSsrc)
            .SelectMany(p => Enumerable.Range(0, (p.Packet.Length - 12) / 4).Select(i =>
                (BinaryPrimitives.ReadUInt16BigEndian(p.Packet.AsSpan(12 + (4 * i))), BinaryPrimitives.ReadUInt16BigEndian(p.Packet.AsSpan(14 + (4 * i))))))
            .ToArray();

    /// <summary>The FIR items (PSFB FMT 4: SSRC, sequence number) of a compound.</summary>
    public static IReadOnlyList<(uint Ssrc, byte SequenceNumber)> FirItems(byte[] compound) =>
        RtcpPackets(compound)
            .Where(p => p.Type == 206 && (p.Packet[0] & 0x1F) == 4)
            .SelectMany(p => Enumerable.Range(0, (p.Packet.Length - 12) / 8).Select(i =>
                (BinaryPrimitives.ReadUInt32BigEndian(p.Packet.AsSpan(12 + (8 * i))), p.Packet[16 + (8 * i)])))
            .ToArray();

    /// <summary>The receiver reference time of the first XR RRT block in a compound, if any.</summary>
    public static NtpTime? ReceiverReferenceTime(byte[] compound)
    {
        foreach (var (type, packet) in RtcpPackets(compound))
        {
            if (type == 207 && TryGetRrt(packet, out var ntp))
            {
                return ntp;
            }
        }
        return null;
    }

    /// <summary>The DLRR sub-blocks of the XR packets in a compound.</summary>
    public static IReadOnlyList<DlrrSubBlock> DlrrSubBlocks(byte[] compound)
    {
        var blocks = new List<DlrrSubBlock>();
        foreach (var (type, packet) in RtcpPackets(compound))
        {
            if (type == 207 && Sfu.Media.Rtcp.ExtendedReport.TryParse(packet, out var xr, out _))
            {
                foreach (var block in xr.DlrrSubBlocks)
                {
                    blocks.Add(block);
                }
            }
        }
        return blocks;
    }

    /// <summary>The REMB (PSFB AFB "REMB") packets of a compound as (bitrate, SSRCs).</summary>
    public static IReadOnlyList<(ulong Bitrate, uint[] Ssrcs)> Rembs(byte[] compound)
    {
        var rembs = new List<(ulong, uint[])>();
        foreach (var (type, packet) in RtcpPackets(compound))
        {
            if (type == 206 && (packet[0] & 0x1F) == 15 && ReceiverEstimatedMaximumBitrate.TryParse(packet, out var remb, out _))
            {
                rembs.Add((remb.Bitrate, Enumerable.Range(0, remb.SsrcCount).Select(i => BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(20 + (4 * i)))).ToArray()));
            }
        }
        return rembs;
    }

    /// <summary>The report blocks (RFC 3550 §6.4) of the SRs and RRs in a compound.</summary>
    public static IReadOnlyList<ReceptionReport> ReportBlocks(byte[] compound)
    {
        var blocks = new List<ReceptionReport>();
        foreach (var (type, packet) in RtcpPackets(compound))
        {
            var first = type switch { 200 => 28, 201 => 8, _ => -1 };
            for (var i = 0; first >= 0 && i < (packet[0] & 0x1F); i++)
            {
                blocks.Add(ReceptionReport.Read(packet.AsSpan(first + (ReceptionReport.Size * i))));
            }
        }
        return blocks;
    }

    private static bool TryGetRrt(byte[] packet, out NtpTime ntp)
    {
        ntp = default;
        return Sfu.Media.Rtcp.ExtendedReport.TryParse(packet, out var xr, out _) && xr.TryGetReceiverReferenceTime(out ntp);
    }

    private static void Check(bool ok)
    {
        if (!ok)
        {
            throw new InvalidOperationException("test packet does not fit");
        }
    }
}

/// <summary>One RTP packet as a test receiver saw it, with its header extension elements (RFC 8285) by id.</summary>
public sealed record ReceivedRtp(byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc, bool Marker, byte[] Payload,
    IReadOnlyDictionary<int, byte[]> Extensions, byte[] Datagram);

/// <summary>
/// A UDP peer on loopback: sends what a test builds to a transport's tuple, and records what the SFU sends back
/// (RTP and RTCP apart), with waits.
/// </summary>
public sealed class UdpPeer : IDisposable
{
    private readonly UdpClient _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receive;

    public UdpPeer(string ip = "127.0.0.1")
    {
        var address = IPAddress.Parse(ip);
        _socket = new UdpClient(new IPEndPoint(address, 0));
        EndPoint = (IPEndPoint)_socket.Client.LocalEndPoint!;
        _receive = ReceiveAsync();
    }

    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    public EventLog<ReceivedRtp> Rtp { get; } = new();

    public EventLog<byte[]> Rtcp { get; } = new();

    public void Send(byte[] datagram, TransportTuple to) => Send(datagram, to.LocalAddress, to.LocalPort);

    public void Send(byte[] datagram, string ip, int port) => _socket.Send(datagram, datagram.Length, new IPEndPoint(IPAddress.Parse(ip), port));

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receive.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable from an earlier send
            }
            var datagram = result.Buffer;
            if (datagram.Length < 8)
            {
                continue;
            }
            if (TestPackets.IsRtcp(datagram))
            {
                Rtcp.Add(datagram);
            }
            else if (RtpPacketView.TryParse(datagram, out var packet, out _))
            {
                var extensions = new Dictionary<int, byte[]>();
                foreach (var element in packet.Extensions)
                {
                    extensions[element.Id] = element.Value.ToArray();
                }
                Rtp.Add(new ReceivedRtp(packet.PayloadType, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, packet.Marker,
                    packet.Payload.ToArray(), extensions, datagram));
            }
        }
    }
}
