using System.Globalization;
using System.Net;
using System.Text;

namespace Sfu.Interop.Tests.Harness;

/// <summary>What a receiver listens for.</summary>
public sealed record ReceiverOptions
{
    /// <summary>The RTP payload type of the stream (the consumer's, when the SFU sends).</summary>
    public required byte PayloadType { get; init; }

    /// <summary>The UDP port to listen on (127.0.0.1); 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The stream's SSRC. GStreamer's srtpdec needs it to find the key, so it is required with <see cref="Srtp"/>.</summary>
    public uint? Ssrc { get; init; }

    /// <summary>Decrypt SRTP with this key; null for plain RTP.</summary>
    public SrtpKeying? Srtp { get; init; }

    /// <summary>How long to wait for the tool to bind its socket.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// A real decoder (GStreamer or ffmpeg) receiving RTP on a UDP port and reporting, as it happens, how many frames
/// (video) or buffers (audio) it has decoded and every error or warning it printed. Disposing kills it.
/// </summary>
public abstract class MediaReceiver : IDisposable
{
    private readonly Waiters _waiters = new();
    private readonly Lock _gate = new();
    private readonly List<string> _errors = [];
    private long _decoded;
    private ExternalProcess? _process;

    private protected MediaReceiver(string name, int port)
    {
        Name = name;
        Port = port;
    }

    /// <summary>E.g. "GStreamer VP8 receiver".</summary>
    public string Name { get; }

    /// <summary>The UDP port it listens on.</summary>
    public int Port { get; }

    /// <summary>Where to send the stream: 127.0.0.1 and <see cref="Port"/>.</summary>
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public ExternalProcess Process => _process ?? throw new InvalidOperationException($"{Name} has not been started");

    /// <summary>Frames (video) or buffers (audio) the decoder has output so far.</summary>
    public long DecodedFrames => Interlocked.Read(ref _decoded);

    /// <summary>Error and warning lines the tool printed (decoder errors, SRTP failures, pipeline problems).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> frames have been decoded; fails early if the tool exits.</summary>
    public Task WaitForFramesAsync(long count, TimeSpan timeout) =>
        _waiters.WaitAsync(
            (out long decoded) =>
            {
                decoded = DecodedFrames;
                return decoded >= count;
            },
            timeout,
            () => Describe($"timed out after {timeout.TotalSeconds:0.#} s waiting for {count} decoded frames; got {DecodedFrames}"));

    /// <summary>Waits until the tool has reported at least <paramref name="count"/> errors (for tests that expect failure).</summary>
    public Task WaitForErrorsAsync(int count, TimeSpan timeout) =>
        _waiters.WaitAsync(
            (out int reported) =>
            {
                reported = Errors.Count;
                return reported >= count;
            },
            timeout,
            () => Describe($"timed out after {timeout.TotalSeconds:0.#} s waiting for {count} errors"));

    /// <summary>Fails the test, with the tool's output, if it reported any error or warning.</summary>
    public void AssertNoErrors()
    {
        var errors = Errors;
        if (errors.Count > 0)
        {
            Assert.Fail(Describe($"{errors.Count} errors/warnings:{Environment.NewLine}    {string.Join(Environment.NewLine + "    ", errors.Take(20))}"));
        }
    }

    /// <summary>A failure message: the problem, the counters, and the tool's command line and last output lines.</summary>
    public string Describe(string problem)
    {
        var text = new StringBuilder(problem);
        text.Append(CultureInfo.InvariantCulture, $" [decoded={DecodedFrames} errors={Errors.Count}]");
        return _process is null ? $"{Name}: {text}" : _process.Describe(text.ToString());
    }

    public void Dispose()
    {
        _process?.Dispose();
        _waiters.End(() => Describe("the receiver was stopped"));
        OnDisposed();
        GC.SuppressFinalize(this);
    }

    /// <summary>Cleans up what the tool needed (files), after the process is gone.</summary>
    private protected virtual void OnDisposed()
    {
    }

    /// <summary>Reads one output line: counts frames and collects errors.</summary>
    private protected abstract void OnLine(OutputLine line);

    private protected void AddDecoded(long count)
    {
        Interlocked.Add(ref _decoded, count);
        _waiters.Signal();
    }

    /// <summary>For tools that print a running total.</summary>
    private protected void SetDecoded(long total)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _decoded);
            if (total <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _decoded, total, current) != current);

        _waiters.Signal();
    }

    private protected void AddError(string line)
    {
        lock (_gate)
        {
            _errors.Add(line);
        }

        _waiters.Signal();
    }

    /// <summary>Starts the tool and waits for the line that says its socket is bound.</summary>
    private protected async Task LaunchAsync(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, Func<string, bool> listening, TimeSpan timeout,
        Func<string, bool>? isRoutine = null)
    {
        _process = ExternalProcess.Start(program, arguments, new ExternalProcessOptions
        {
            Name = Name,
            Environment = environment,
            OnLine = OnLine,
            IsRoutine = isRoutine,
            OnOutputEnded = () => _waiters.End(() => Describe("the receiver exited")),
        });
        await _process.WaitForLineAsync(listening, timeout, "the receiver to listen").ConfigureAwait(false);
    }
}
