using System.Net;

namespace Sfu.Interop.Tests.Harness;

/// <summary>Parameters the harness's streams share with the tests that describe them to the SFU.</summary>
public static class MediaDefaults
{
    public const byte Vp8PayloadType = 96;

    public const byte OpusPayloadType = 111;

    public const int Width = 320;

    public const int Height = 240;

    public const int FramesPerSecond = 30;

    /// <summary>A key frame at least every 30 frames: about one a second.</summary>
    public const int KeyFrameInterval = 30;

    /// <summary>Opus frame duration in milliseconds: 50 packets a second.</summary>
    public const int OpusFrameMilliseconds = 20;

    /// <summary>RTP payloads are cut at this many bytes, leaving room for SRTP tags and header extensions under a 1500-byte MTU.</summary>
    public const int Mtu = 1200;
}

/// <summary>What a sender sends, where from and where to.</summary>
public sealed record SenderOptions
{
    /// <summary>Where to send (the SFU's comedia PlainTransport, a tap, or a receiver).</summary>
    public required IPEndPoint Destination { get; init; }

    public required byte PayloadType { get; init; }

    public required uint Ssrc { get; init; }

    /// <summary>The fixed local port the stream leaves from (127.0.0.1), so a comedia transport can learn the tuple; 0 picks a free one.</summary>
    public int SourcePort { get; init; }

    /// <summary>Encrypt with this SRTP key; null for plain RTP.</summary>
    public SrtpKeying? Srtp { get; init; }

    /// <summary>Send this many frames (video) or 20 ms buffers (audio) and exit; null sends live until disposed.</summary>
    public int? Buffers { get; init; }

    /// <summary>How long to wait for the tool to start streaming.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);
}

/// <summary>A real encoder (GStreamer or ffmpeg) streaming RTP from a fixed local port. Disposing kills it.</summary>
public sealed class MediaSender : IDisposable
{
    private MediaSender(string name, ExternalProcess process, SenderOptions options, int sourcePort)
    {
        Name = name;
        Process = process;
        Options = options;
        SourcePort = sourcePort;
    }

    public string Name { get; }

    public ExternalProcess Process { get; }

    public SenderOptions Options { get; }

    /// <summary>The local port the stream leaves from.</summary>
    public int SourcePort { get; }

    /// <summary>127.0.0.1 and <see cref="SourcePort"/>: the tuple a comedia transport learns.</summary>
    public IPEndPoint SourceEndPoint => new(IPAddress.Loopback, SourcePort);

    /// <summary>For a sender of <see cref="SenderOptions.Buffers"/> buffers: waits until it has sent them all and exited with 0.</summary>
    public async Task WaitForCompletionAsync(TimeSpan timeout)
    {
        int exitCode = await Process.WaitForExitAsync(timeout).ConfigureAwait(false);
        if (exitCode != 0)
        {
            Assert.Fail(Process.Describe($"exited with code {exitCode}"));
        }
    }

    public void Dispose() => Process.Dispose();

    internal static async Task<MediaSender> StartAsync(
        string name, string program, IReadOnlyList<string> arguments, SenderOptions options, int sourcePort,
        IReadOnlyDictionary<string, string>? environment, Func<string, bool> started)
    {
        var process = ExternalProcess.Start(program, arguments, new ExternalProcessOptions { Name = name, Environment = environment });
        try
        {
            await process.WaitForLineAsync(started, options.StartTimeout, "the sender to start streaming").ConfigureAwait(false);
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new MediaSender(name, process, options, sourcePort);
    }
}
