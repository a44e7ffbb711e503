using System.Globalization;
using System.Text.RegularExpressions;

namespace Sfu.Interop.Tests.Harness;

/// <summary>
/// A GStreamer decoder: <c>udpsrc ! [srtpdec !] rtpjitterbuffer ! depayloader ! decoder ! fakesink</c>. Every
/// buffer the decoder outputs reaches <c>fakesink name=frames silent=false</c>, which <c>gst-launch-1.0 -v</c>
/// prints as a <c>last-message = chain</c> line: that is the live frame count. Errors are the <c>ERROR:</c> and
/// <c>WARNING:</c> messages gst-launch prints (decoder failures post a warning, "Could not decode stream") and, with
/// SRTP, srtpdec's own drop warnings from its debug log (<c>GST_DEBUG=srtpdec:3</c>: authentication or replay failures).
/// </summary>
public sealed partial class GstReceiver : MediaReceiver
{
    private long _srtpRejected;

    private GstReceiver(string name, int port)
        : base(name, port)
    {
    }

    /// <summary>Packets srtpdec dropped (wrong key, bad tag, replay), from its debug log.</summary>
    public long SrtpRejected => Interlocked.Read(ref _srtpRejected);

    /// <summary>VP8 video: <c>rtpvp8depay ! vp8dec</c>; counts decoded frames.</summary>
    public static Task<GstReceiver> StartVp8Async(ReceiverOptions options) =>
        StartAsync("GStreamer VP8 receiver", options, "video", "VP8", 90_000, ["rtpvp8depay", "!", "vp8dec", "name=decoder"]);

    /// <summary>Opus audio: <c>rtpopusdepay ! opusdec</c>; counts decoded buffers (one per packet, 20 ms each from our senders).</summary>
    public static Task<GstReceiver> StartOpusAsync(ReceiverOptions options) =>
        StartAsync("GStreamer Opus receiver", options, "audio", "OPUS", 48_000, ["rtpopusdepay", "!", "opusdec", "name=decoder"]);

    /// <summary>The <c>gst-launch-1.0</c> arguments for a receiver on <paramref name="port"/> (exposed for the README and tests).</summary>
    public static IReadOnlyList<string> BuildArguments(ReceiverOptions options, int port, string media, string encodingName, int clockRate, IReadOnlyList<string> decode)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(decode);
        string rtpCaps = string.Create(
            CultureInfo.InvariantCulture,
            $"media=(string){media},encoding-name=(string){encodingName},clock-rate=(int){clockRate},payload=(int){options.PayloadType}");
        List<string> arguments = ["-v", "udpsrc", "address=127.0.0.1", $"port={port.ToString(CultureInfo.InvariantCulture)}"];
        if (options.Srtp is { } srtp)
        {
            uint ssrc = options.Ssrc ?? throw new ArgumentException("GStreamer's srtpdec needs the stream's SSRC to find the key: set ReceiverOptions.Ssrc", nameof(options));

            // srtpdec reads the key for an SSRC from the sink caps (application/x-srtp with ssrc, srtp-key as a hex
            // GstBuffer and the cipher/auth nicks); without them it asks the application via "request-key".
            arguments.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"caps=application/x-srtp,{rtpCaps},ssrc=(uint){ssrc},srtp-key=(buffer){srtp.KeyHex},srtp-cipher=(string){srtp.GstCipher},srtp-auth=(string){srtp.GstRtpAuth},srtcp-cipher=(string){srtp.GstCipher},srtcp-auth=(string){srtp.GstRtcpAuth}"));
            arguments.AddRange(["!", "srtpdec", "name=srtp"]);
        }
        else
        {
            arguments.Add($"caps=application/x-rtp,{rtpCaps}");
        }

        arguments.AddRange(["!", "rtpjitterbuffer", "name=jitter", "!"]);
        arguments.AddRange(decode);
        arguments.AddRange(["!", "fakesink", "name=frames", "silent=false", "sync=false"]);
        return arguments;
    }

    private static async Task<GstReceiver> StartAsync(string name, ReceiverOptions options, string media, string encodingName, int clockRate, IReadOnlyList<string> decode)
    {
        ArgumentNullException.ThrowIfNull(options);
        int port = options.Port == 0 ? UdpPorts.Allocate() : options.Port;
        var arguments = BuildArguments(options, port, media, encodingName, clockRate, decode);
        var environment = new Dictionary<string, string> { ["GST_DEBUG_NO_COLOR"] = "1" };
        if (options.Srtp is not null)
        {
            environment["GST_DEBUG"] = "srtpdec:3";
        }

        var receiver = new GstReceiver(name, port);
        try
        {
            // udpsrc binds when the pipeline goes to READY, before gst-launch announces PLAYING.
            await receiver.LaunchAsync(Tools.GstLaunch, arguments, environment, GstLines.IsPlaying, options.StartTimeout, GstLines.IsFrame).ConfigureAwait(false);
        }
        catch
        {
            receiver.Dispose();
            throw;
        }

        return receiver;
    }

    private protected override void OnLine(OutputLine line)
    {
        string text = line.Text;
        if (GstLines.IsFrame(text))
        {
            AddDecoded(1);
        }
        else if (GstLines.IsError(text))
        {
            AddError(text);
        }
        else if (SrtpDecDropLine().IsMatch(text))
        {
            Interlocked.Increment(ref _srtpRejected);
            AddError(text);
        }
    }

    /// <summary>A srtpdec WARN/ERROR line of the GStreamer debug log, e.g.
    /// <c>0:00:01.100 17808 0x555e WARN   srtpdec gstsrtpdec.c:1440:gst_srtp_dec_decode_buffer:&lt;srtp&gt; Error authentication packet, dropping</c>.</summary>
    [GeneratedRegex(@"^\d+:\d\d:\d\d\.\d+\s+\d+\s+0x[0-9a-f]+\s+(WARN|ERROR)\s+srtpdec\s")]
    private static partial Regex SrtpDecDropLine();
}

/// <summary>What gst-launch-1.0 prints, as the harness reads it.</summary>
internal static class GstLines
{
    /// <summary>"Setting pipeline to PLAYING ...": every element is at least READY (sockets bound).</summary>
    public static bool IsPlaying(string line) => line.StartsWith("Setting pipeline to PLAYING", StringComparison.Ordinal);

    /// <summary>fakesink <c>name=frames</c> received a buffer (gst-launch -v prints its last-message property).</summary>
    public static bool IsFrame(string line) => line.Contains(":frames: last-message = chain", StringComparison.Ordinal);

    /// <summary>gst-launch's report of an ERROR or WARNING bus message, or of a pipeline it could not build.</summary>
    public static bool IsError(string line) =>
        line.StartsWith("ERROR:", StringComparison.Ordinal) || line.StartsWith("WARNING:", StringComparison.Ordinal);
}
