using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Sfu.Interop.Tests.Harness;

/// <summary>Which pipe a line of a child process came from.</summary>
public enum OutputStream
{
    Stdout,
    Stderr,
}

/// <summary>One line a child process wrote, numbered in the order the harness received it.</summary>
public readonly record struct OutputLine(int Index, OutputStream Stream, string Text)
{
    public override string ToString() => $"{(Stream == OutputStream.Stdout ? "out" : "err")}| {Text}";
}

/// <summary>How to start an <see cref="ExternalProcess"/>.</summary>
public sealed record ExternalProcessOptions
{
    /// <summary>What the process is for, e.g. "VP8 receiver"; it heads every failure message.</summary>
    public string? Name { get; init; }

    /// <summary>Extra environment variables for the child.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The child's working directory; null means the test runner's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Called for every line, in the order lines are recorded, before waiters see it. It runs on the reader
    /// threads under the process's lock: keep it short and never wait on the process from it.
    /// </summary>
    public Action<OutputLine>? OnLine { get; init; }

    /// <summary>
    /// Lines that repeat by the hundred (a frame printed per decoded frame): they stay in <see cref="ExternalProcess.Output"/>,
    /// but failure messages fold each run of them into its last line and a count, so the tail shows what matters.
    /// </summary>
    public Func<string, bool>? IsRoutine { get; init; }

    /// <summary>Called once when both output pipes have closed (the process has exited), after the last <see cref="OnLine"/>.</summary>
    public Action? OnOutputEnded { get; init; }
}

/// <summary>
/// A child process started from an argument list (no shell): stdout and stderr are captured line by line into a
/// thread-safe log that tests can await; disposing kills the whole process tree. Every failure message it produces
/// carries the command line, the exit state and the last <see cref="TailLength"/> lines of output, so a test
/// failing on CI explains itself.
/// </summary>
public sealed partial class ExternalProcess : IDisposable
{
    /// <summary>How many trailing output lines a failure message shows.</summary>
    public const int TailLength = 50;

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<OutputLine> _lines = [];
    private readonly Waiters _waiters = new();
    private readonly Action<OutputLine>? _onLine;
    private readonly Action? _onOutputEnded;
    private readonly Func<string, bool>? _isRoutine;
    private int _openStreams = 2;
    private volatile bool _disposed;

    private ExternalProcess(Process process, string name, string commandLine, ExternalProcessOptions options)
    {
        _process = process;
        Name = name;
        CommandLine = commandLine;
        _onLine = options.OnLine;
        _onOutputEnded = options.OnOutputEnded;
        _isRoutine = options.IsRoutine;
    }

    /// <summary>What the process is for (or the program's name).</summary>
    public string Name { get; }

    /// <summary>The command line, quoted so it can be pasted into a shell to reproduce a failure.</summary>
    public string CommandLine { get; }

    public int ProcessId => _process.Id;

    /// <summary>The exit code once the process has exited; null while it runs.</summary>
    public int? ExitCode
    {
        get
        {
            try
            {
                return _process.HasExited ? _process.ExitCode : null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>True once both output pipes are closed (the process has exited or closed them).</summary>
    public bool OutputEnded
    {
        get
        {
            lock (_gate)
            {
                return _openStreams == 0;
            }
        }
    }

    /// <summary>A snapshot of every line so far.</summary>
    public IReadOnlyList<OutputLine> Output
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="program"/> (a name looked up on PATH, or a path) with <paramref name="arguments"/>
    /// passed as they are. A program that is not installed fails with an explanation, never a skip.
    /// </summary>
    public static ExternalProcess Start(string program, IEnumerable<string> arguments, ExternalProcessOptions? options = null)
    {
        options ??= new ExternalProcessOptions();
        string path = Tools.Resolve(program);
        var startInfo = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        if (options.WorkingDirectory is not null)
        {
            startInfo.WorkingDirectory = options.WorkingDirectory;
        }
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (options.Environment is not null)
        {
            foreach (var (key, value) in options.Environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        string commandLine = FormatCommandLine(program, startInfo.ArgumentList);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var external = new ExternalProcess(process, options.Name ?? program, commandLine, options);
        process.OutputDataReceived += (_, e) => external.OnData(OutputStream.Stdout, e.Data);
        process.ErrorDataReceived += (_, e) => external.OnData(OutputStream.Stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"{external.Name}: could not start `{commandLine}`: {e.Message}", e);
        }

        // The child gets an empty, closed stdin: it must never read the test runner's.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return external;
    }

    /// <summary>The last <paramref name="count"/> lines.</summary>
    public IReadOnlyList<OutputLine> Tail(int count = TailLength)
    {
        lock (_gate)
        {
            int start = Math.Max(0, _lines.Count - count);
            return _lines.GetRange(start, _lines.Count - start);
        }
    }

    /// <summary>
    /// The first line (from the start of the output, or from line <paramref name="fromIndex"/>) that matches
    /// <paramref name="predicate"/>, as soon as it is written. Fails with a described
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/>, or at once if the output ends without it.
    /// </summary>
    public Task<OutputLine> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, string? what = null, int fromIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        int cursor = fromIndex;
        what ??= "the expected line";
        return _waiters.WaitAsync(
            (out OutputLine found) =>
            {
                lock (_gate)
                {
                    for (; cursor < _lines.Count; cursor++)
                    {
                        if (predicate(_lines[cursor].Text))
                        {
                            found = _lines[cursor];
                            return true;
                        }
                    }
                }

                found = default;
                return false;
            },
            timeout,
            () => Describe($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}"));
    }

    /// <summary>
    /// Waits until the process exits and its output is fully read; returns the exit code. Fails with a described
    /// <see cref="TimeoutException"/> if it still runs after <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(Describe($"still running after {timeout.TotalSeconds:0.#} s"));
        }

        return _process.ExitCode;
    }

    /// <summary>A failure message: the problem, the process's state, its command line and its last lines of output.</summary>
    public string Describe(string problem)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Name}: {problem}").AppendLine();
        int? exitCode = ExitCode;
        text.Append("  state: ").AppendLine(exitCode is { } code ? $"exited with code {code}" : _disposed ? "killed by the test" : "running");
        text.Append("  command: ").AppendLine(CommandLine);
        List<string> tail = [];
        int total;
        lock (_gate)
        {
            total = _lines.Count;
            for (int i = _lines.Count - 1; i >= 0 && tail.Count < TailLength; i--)
            {
                var line = _lines[i];
                int run = 0;
                while (_isRoutine is not null && i - run - 1 >= 0 && _isRoutine(_lines[i].Text) && _isRoutine(_lines[i - run - 1].Text))
                {
                    run++;
                }

                tail.Add(run == 0 ? line.ToString() : $"{line} (and {run} similar lines before it)");
                i -= run;
            }
        }

        tail.Reverse();
        text.Append(CultureInfo.InvariantCulture, $"  output: {total} lines; the last {TailLength} (runs of routine lines folded):").AppendLine();
        foreach (string line in tail)
        {
            text.Append("    ").AppendLine(line);
        }

        return text.ToString();
    }

    /// <summary>
    /// Sends SIGTERM to the process (not its children), as a service manager or <c>docker stop</c> does, so it can
    /// shut down in order; await <see cref="WaitForExitAsync"/> for the result.
    /// </summary>
    public void Terminate()
    {
        const int SigTerm = 15;
        if (Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException(Describe($"SIGTERM failed: errno {Marshal.GetLastPInvokeError()}"));
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Kills the process and all its children, and waits for them to go.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited in between.
        }
        catch (Win32Exception)
        {
            // It exited in between, or a child is already gone.
        }

        _process.WaitForExit(10_000);
        _waiters.End(() => Describe("the process was stopped by the test"));
        _process.Dispose();
    }

    /// <summary>The program and arguments quoted POSIX-shell style.</summary>
    public static string FormatCommandLine(string program, IEnumerable<string> arguments)
    {
        var text = new StringBuilder(Quote(program));
        foreach (string argument in arguments)
        {
            text.Append(' ').Append(Quote(argument));
        }

        return text.ToString();
    }

    private static string Quote(string argument)
    {
        bool plain = argument.Length > 0;
        foreach (char c in argument)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or ',' or '+' or '@' or '%'))
            {
                plain = false;
                break;
            }
        }

        return plain ? argument : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private void OnData(OutputStream stream, string? text)
    {
        if (text is null)
        {
            bool ended;
            lock (_gate)
            {
                ended = --_openStreams == 0;
            }

            if (ended)
            {
                // Both pipes closed: give the exit code a moment to be observable, then fail pending waits early.
                try
                {
                    if (!_disposed)
                    {
                        _process.WaitForExit(5_000);
                    }
                }
                catch (InvalidOperationException)
                {
                    // Disposed meanwhile: the description will say "killed by the test".
                }

                _waiters.End(() => Describe("the process ended before the awaited output"));
                _onOutputEnded?.Invoke();
            }

            return;
        }

        lock (_gate)
        {
            var line = new OutputLine(_lines.Count, stream, text);
            _lines.Add(line);
            _onLine?.Invoke(line);
        }

        _waiters.Signal();
    }
}
