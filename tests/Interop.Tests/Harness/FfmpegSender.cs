using System.Globalization;

namespace Sfu.Interop.Tests.Harness;

/// <summary>
/// ffmpeg senders: a lavfi test source in real time (<c>-re</c>), libvpx or libopus, and the RTP muxer to
/// <c>rtp://</c> (or <c>srtp://</c> with <c>-srtp_out_suite</c>/<c>-srtp_out_params</c>, AES-CM suites only) from a
/// fixed <c>localrtpport</c>. <c>-rtpflags skip_rtcp</c> keeps ffmpeg from sending RTCP, which it would send from
/// a second socket and confuse a comedia transport.
/// </summary>
public static class FfmpegSender
{
    /// <summary>VP8: <c>testsrc</c> 320x240 at 30 fps, libvpx realtime, a key frame every 30 frames, error resilient.</summary>
    public static Task<MediaSender> StartVp8Async(SenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (int rtpPort, int rtcpPort) = Ports(options);
        return MediaSender.StartAsync("ffmpeg VP8 sender", Tools.Ffmpeg, BuildVp8Arguments(options, rtpPort, rtcpPort), options, rtpPort, null, IsStreaming);
    }

    /// <summary>Opus: a 440 Hz <c>sine</c>, 48 kHz stereo, libopus in 20 ms frames.</summary>
    public static Task<MediaSender> StartOpusAsync(SenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (int rtpPort, int rtcpPort) = Ports(options);
        return MediaSender.StartAsync("ffmpeg Opus sender", Tools.Ffmpeg, BuildOpusArguments(options, rtpPort, rtcpPort), options, rtpPort, null, IsStreaming);
    }

    public static IReadOnlyList<string> BuildVp8Arguments(SenderOptions options, int rtpPort, int rtcpPort)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> arguments =
        [
            "-hide_banner", "-nostdin", "-loglevel", "level+info", "-re",
            "-f", "lavfi", "-i", Invariant($"testsrc=size={MediaDefaults.Width}x{MediaDefaults.Height}:rate={MediaDefaults.FramesPerSecond}"),
        ];
        if (options.Buffers is { } buffers)
        {
            arguments.AddRange(["-frames:v", Invariant($"{buffers}")]);
        }

        arguments.AddRange(
        [
            "-an", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-lag-in-frames", "0", "-auto-alt-ref", "0",
            "-error-resilient", "1", "-g", Invariant($"{MediaDefaults.KeyFrameInterval}"), "-b:v", "300k",
        ]);
        AddRtpOutput(arguments, options, rtpPort, rtcpPort);
        return arguments;
    }

    public static IReadOnlyList<string> BuildOpusArguments(SenderOptions options, int rtpPort, int rtcpPort)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> arguments =
        [
            "-hide_banner", "-nostdin", "-loglevel", "level+info", "-re",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        ];
        if (options.Buffers is { } buffers)
        {
            arguments.AddRange(["-frames:a", Invariant($"{buffers}")]);
        }

        arguments.AddRange(
        [
            "-vn", "-ac", "2", "-c:a", "libopus", "-b:a", "64k", "-frame_duration", Invariant($"{MediaDefaults.OpusFrameMilliseconds}"),
            "-application", "lowdelay",
        ]);
        AddRtpOutput(arguments, options, rtpPort, rtcpPort);
        return arguments;
    }

    private static (int RtpPort, int RtcpPort) Ports(SenderOptions options)
    {
        int rtpPort = options.SourcePort == 0 ? UdpPorts.Allocate() : options.SourcePort;

        // ffmpeg always binds an RTCP socket too (rtp_port + 1 unless told): give it its own free port.
        return (rtpPort, UdpPorts.Allocate());
    }

    private static void AddRtpOutput(List<string> arguments, SenderOptions options, int rtpPort, int rtcpPort)
    {
        // The RTP muxer's ssrc option is a signed int: pass the SSRC's two's-complement value.
        arguments.AddRange(
        [
            "-payload_type", Invariant($"{options.PayloadType}"), "-ssrc", Invariant($"{unchecked((int)options.Ssrc)}"),
            "-rtpflags", "skip_rtcp", "-f", "rtp",
        ]);
        string scheme = "rtp";
        if (options.Srtp is { } srtp)
        {
            if (!srtp.FfmpegSupports)
            {
                throw new NotSupportedException($"ffmpeg has no SRTP {srtp.CryptoSuite} (only AES_CM_128_HMAC_SHA1_80/32)");
            }

            arguments.AddRange(["-srtp_out_suite", srtp.CryptoSuite, "-srtp_out_params", srtp.KeyBase64]);
            scheme = "srtp";
        }

        arguments.Add(Invariant(
            $"{scheme}://{options.Destination.Address}:{options.Destination.Port}?localrtpport={rtpPort}&localrtcpport={rtcpPort}&pkt_size={MediaDefaults.Mtu}"));
    }

    /// <summary>ffmpeg prints its output header ("Output #0, rtp, to …") once the muxer is open and sending.</summary>
    private static bool IsStreaming(string line) => line.Contains("Output #0", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
