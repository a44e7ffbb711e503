using System.Net;
using Sfu.Actors.Cluster;
using Sfu.Client;
using Sfu.Contracts.Api;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Transports;

namespace Sfu.Interop.Tests.Sfu;

/// <summary>An embedded node with two workers and an app connected to it in process, for media tests.</summary>
public sealed class SfuFixture : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private SfuFixture(SfuNode node, SfuClient sfu)
    {
        Node = node;
        Sfu = sfu;
    }

    public SfuNode Node { get; }

    public SfuClient Sfu { get; }

    public static SfuFixture Start(string nodeId)
    {
        var node = SfuNode.Start(new NodeSettings { NodeId = nodeId, Workers = 2 });
        return new SfuFixture(node, new SfuClient(node.Connect()));
    }

    public static RouterOptions Codecs(int? workerId = null) => new()
    {
        WorkerId = workerId,
        MediaCodecs =
        [
            new RtpCodecCapability { Kind = MediaKind.Audio, MimeType = "audio/opus", ClockRate = 48000, Channels = 2 },
            new RtpCodecCapability { Kind = MediaKind.Video, MimeType = "video/VP8", ClockRate = 90000 },
        ],
    };

    public static TransportListenInfo Loopback => new() { Protocol = TransportProtocol.Udp, Ip = "127.0.0.1" };

    /// <summary>What GStreamer's VP8 sender produces: VP8 on PT 96 with NACK and PLI.</summary>
    public static RtpParameters Vp8Sent(uint ssrc) => new()
    {
        Codecs =
        [
            new RtpCodecParameters
            {
                MimeType = "video/VP8", PayloadType = 96, ClockRate = 90000,
                RtcpFeedback = [new RtcpFeedback("nack"), new RtcpFeedback("nack", "pli"), new RtcpFeedback("ccm", "fir")],
            },
        ],
        Encodings = [new RtpEncodingParameters { Ssrc = ssrc }],
    };

    /// <summary>What GStreamer's Opus sender produces: Opus on PT 111, stereo.</summary>
    public static RtpParameters OpusSent(uint ssrc) => new()
    {
        Codecs = [new RtpCodecParameters { MimeType = "audio/opus", PayloadType = 111, ClockRate = 48000, Channels = 2 }],
        Encodings = [new RtpEncodingParameters { Ssrc = ssrc }],
    };

    public static IPEndPoint EndPointOf(TransportTuple tuple) => new(IPAddress.Parse(tuple.LocalAddress), tuple.LocalPort);

    public async ValueTask DisposeAsync()
    {
        await Sfu.DisposeAsync();
        await Node.DisposeAsync();
    }
}
