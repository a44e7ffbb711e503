using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sfu.Interop.Tests.Harness;

/// <summary>
/// An ffmpeg decoder reading VP8 from an SDP file: <c>ffmpeg -protocol_whitelist file,udp,rtp -i stream.sdp
/// -fps_mode passthrough -f null -</c>. The frame count is the <c>frame=N</c> of <c>-progress pipe:1</c> (every
/// 0.1 s); errors are log lines at level warning or worse (<c>-loglevel level+verbose</c> tags each line), which
/// include decoder complaints ("Discarding interframe without a prior keyframe!") and SRTP failures
/// ("HMAC mismatch"). SRTP uses the SDP's <c>a=crypto</c> line; ffmpeg implements only the AES-CM suites.
/// ffmpeg binds the RTP port and the next one (RTCP), on every address.
/// </summary>
public sealed partial class FfmpegReceiver : MediaReceiver
{
    private readonly string _directory;

    private FfmpegReceiver(int port, string directory)
        : base("ffmpeg VP8 receiver", port)
    {
        _directory = directory;
    }

    /// <summary>The SDP file ffmpeg reads.</summary>
    public string SdpPath => Path.Combine(_directory, "stream.sdp");

    /// <summary>Starts ffmpeg on <see cref="ReceiverOptions.Port"/> (or a free even port whose successor is free too).</summary>
    public static async Task<FfmpegReceiver> StartVp8Async(ReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Srtp is { FfmpegSupports: false } srtp)
        {
            throw new NotSupportedException($"ffmpeg has no SRTP {srtp.CryptoSuite} (only AES_CM_128_HMAC_SHA1_80/32)");
        }

        int port = options.Port == 0 ? UdpPorts.AllocatePair() : options.Port;
        string directory = Directory.CreateTempSubdirectory("sfu-interop-").FullName;
        var receiver = new FfmpegReceiver(port, directory);
        try
        {
            await File.WriteAllTextAsync(receiver.SdpPath, BuildSdp(options, port)).ConfigureAwait(false);
            await receiver.LaunchAsync(Tools.Ffmpeg, BuildArguments(receiver.SdpPath), null, IsListening, options.StartTimeout, IsProgress).ConfigureAwait(false);
        }
        catch
        {
            receiver.Dispose();
            throw;
        }

        return receiver;
    }

    /// <summary>The SDP describing one VP8 stream to 127.0.0.1:<paramref name="port"/>.</summary>
    public static string BuildSdp(ReceiverOptions options, int port)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sdp = new StringBuilder();
        string pt = options.PayloadType.ToString(CultureInfo.InvariantCulture);
        sdp.Append("v=0\n")
            .Append("o=- 0 0 IN IP4 127.0.0.1\n")
            .Append("s=Sfu.Interop.Tests\n")
            .Append("c=IN IP4 127.0.0.1\n")
            .Append("t=0 0\n")
            .Append(CultureInfo.InvariantCulture, $"m=video {port} {(options.Srtp is null ? "RTP/AVP" : "RTP/SAVP")} {pt}\n")
            .Append(CultureInfo.InvariantCulture, $"a=rtpmap:{pt} VP8/90000\n");
        if (options.Srtp is { } srtp)
        {
            sdp.Append(CultureInfo.InvariantCulture, $"a=crypto:1 {srtp.CryptoSuite} inline:{srtp.KeyBase64}\n");
        }

        sdp.Append("a=recvonly\n");
        return sdp.ToString();
    }

    /// <summary>The ffmpeg arguments (exposed for the README and tests).</summary>
    public static IReadOnlyList<string> BuildArguments(string sdpPath) =>
    [
        "-hide_banner", "-nostdin", "-loglevel", "level+verbose",
        "-protocol_whitelist", "file,udp,rtp",
        "-i", sdpPath,
        "-fps_mode", "passthrough",
        "-f", "null", "-",
        "-nostats", "-progress", "pipe:1", "-stats_period", "0.1",
    ];

    private protected override void OnLine(OutputLine line)
    {
        string text = line.Text;
        if (line.Stream == OutputStream.Stdout)
        {
            if (text.StartsWith("frame=", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(6), NumberStyles.Integer, CultureInfo.InvariantCulture, out long frames))
            {
                SetDecoded(frames);
            }

            return;
        }

        if (ProblemLine().IsMatch(text))
        {
            AddError(text);
        }
    }

    /// <summary>
    /// ffmpeg's rtpdec logs "setting jitter buffer size to N" (verbose) once it has opened the stream's UDP sockets
    /// and set up the RTP demuxer, before it waits for packets.
    /// </summary>
    private static bool IsListening(string line) => line.Contains("setting jitter buffer size", StringComparison.Ordinal);

    /// <summary>The key=value lines of -progress (frame=, fps=, out_time=, …, progress=continue).</summary>
    private static bool IsProgress(string line) => ProgressLine().IsMatch(line);

    [GeneratedRegex(@"^[a-z_0-9]+=\S*$")]
    private static partial Regex ProgressLine();

    [GeneratedRegex(@"\[(warning|error|fatal|panic)\]")]
    private static partial Regex ProblemLine();

    private protected override void OnDisposed()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
