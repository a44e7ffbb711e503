using System.Globalization;

namespace Sfu.Interop.Tests.Harness;

/// <summary>
/// GStreamer senders: a live test source, an encoder, an RTP payloader, optionally <c>srtpenc</c>, and
/// <c>udpsink</c> bound to a fixed source port (<c>bind-address</c>/<c>bind-port</c>) so a comedia transport learns
/// one tuple. They send no RTCP.
/// </summary>
public static class GstSender
{
    /// <summary>
    /// VP8: <c>videotestsrc is-live=true</c> 320x240 at 30 fps, <c>vp8enc</c> in realtime mode with a key frame at
    /// least every 30 frames and error resilience, <c>rtpvp8pay picture-id-mode=15-bit</c>.
    /// </summary>
    public static Task<MediaSender> StartVp8Async(SenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int sourcePort = options.SourcePort == 0 ? UdpPorts.Allocate() : options.SourcePort;
        return MediaSender.StartAsync("GStreamer VP8 sender", Tools.GstLaunch, BuildVp8Arguments(options, sourcePort), options, sourcePort, Environment, GstLines.IsPlaying);
    }

    /// <summary>Opus: <c>audiotestsrc is-live=true wave=sine</c> 48 kHz stereo in 20 ms buffers, <c>opusenc</c>, <c>rtpopuspay</c>.</summary>
    public static Task<MediaSender> StartOpusAsync(SenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int sourcePort = options.SourcePort == 0 ? UdpPorts.Allocate() : options.SourcePort;
        return MediaSender.StartAsync("GStreamer Opus sender", Tools.GstLaunch, BuildOpusArguments(options, sourcePort), options, sourcePort, Environment, GstLines.IsPlaying);
    }

    public static IReadOnlyList<string> BuildVp8Arguments(SenderOptions options, int sourcePort)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> arguments = ["videotestsrc", "is-live=true", "pattern=ball"];
        AddBuffers(arguments, options);
        arguments.AddRange(
        [
            "!", Invariant($"video/x-raw,width={MediaDefaults.Width},height={MediaDefaults.Height},framerate={MediaDefaults.FramesPerSecond}/1"),
            "!", "vp8enc", "deadline=1", "cpu-used=8", "lag-in-frames=0", "error-resilient=default",
            Invariant($"keyframe-max-dist={MediaDefaults.KeyFrameInterval}"), "target-bitrate=300000",
            "!", "rtpvp8pay", "picture-id-mode=15-bit", Invariant($"mtu={MediaDefaults.Mtu}"),
            Invariant($"pt={options.PayloadType}"), Invariant($"ssrc={options.Ssrc}"),
        ]);
        AddSrtpAndSink(arguments, options, sourcePort);
        return arguments;
    }

    public static IReadOnlyList<string> BuildOpusArguments(SenderOptions options, int sourcePort)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> arguments =
        [
            "audiotestsrc", "is-live=true", "wave=sine", "freq=440",
            Invariant($"samplesperbuffer={48 * MediaDefaults.OpusFrameMilliseconds}"),
        ];
        AddBuffers(arguments, options);
        arguments.AddRange(
        [
            "!", "audio/x-raw,rate=48000,channels=2",
            "!", "opusenc", Invariant($"frame-size={MediaDefaults.OpusFrameMilliseconds}"), "bitrate=64000",
            "!", "rtpopuspay", Invariant($"mtu={MediaDefaults.Mtu}"), Invariant($"pt={options.PayloadType}"), Invariant($"ssrc={options.Ssrc}"),
        ]);
        AddSrtpAndSink(arguments, options, sourcePort);
        return arguments;
    }

    private static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string> { ["GST_DEBUG_NO_COLOR"] = "1" };

    private static void AddBuffers(List<string> arguments, SenderOptions options)
    {
        if (options.Buffers is { } buffers)
        {
            arguments.Add(Invariant($"num-buffers={buffers}"));
        }
    }

    private static void AddSrtpAndSink(List<string> arguments, SenderOptions options, int sourcePort)
    {
        if (options.Srtp is { } srtp)
        {
            // srtpenc's key is master key ‖ salt as a hex GstBuffer; RTCP keeps the 80-bit tag in the _32 suite.
            arguments.AddRange(
            [
                "!", "srtpenc", $"key={srtp.KeyHex}",
                $"rtp-cipher={srtp.GstCipher}", $"rtp-auth={srtp.GstRtpAuth}",
                $"rtcp-cipher={srtp.GstCipher}", $"rtcp-auth={srtp.GstRtcpAuth}",
            ]);
        }

        arguments.AddRange(
        [
            "!", "udpsink", Invariant($"host={options.Destination.Address}"), Invariant($"port={options.Destination.Port}"),
            "bind-address=127.0.0.1", Invariant($"bind-port={sourcePort}"),
        ]);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
