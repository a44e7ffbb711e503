using System.Diagnostics;
using System.Globalization;
using Sfu.Interop.Tests.Harness;

namespace Sfu.Interop.Tests;

/// <summary>The process wrapper, driven with <c>sh</c> scripts whose output the tests control.</summary>
public sealed class ExternalProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Lines_from_stdout_and_stderr_are_captured_in_order_and_can_be_awaited()
    {
        using var process = ExternalProcess.Start("sh", ["-c", "echo one; echo two >&2; echo three"]);

        var three = await process.WaitForLineAsync(l => l == "three", Timeout);
        var two = await process.WaitForLineAsync(l => l == "two", Timeout);

        Assert.Equal(OutputStream.Stdout, three.Stream);
        Assert.Equal(OutputStream.Stderr, two.Stream);
        Assert.Equal(0, await process.WaitForExitAsync(Timeout));
        Assert.Equal(["one", "three"], process.Output.Where(l => l.Stream == OutputStream.Stdout).Select(l => l.Text));
    }

    [Fact]
    public async Task Arguments_reach_the_program_as_they_are_without_a_shell()
    {
        using var process = ExternalProcess.Start("printf", ["%s|", "a b", "$HOME", "'q'", "*"]);

        await process.WaitForLineAsync(_ => true, Timeout);

        Assert.Equal("a b|$HOME|'q'|*|", Assert.Single(process.Output).Text);
    }

    [Fact]
    public async Task The_command_line_in_messages_can_be_pasted_into_a_shell()
    {
        string[] arguments = ["%s|", "a b", "$HOME", "'q'", "*", "caps=application/x-rtp,media=(string)video"];
        string commandLine = ExternalProcess.FormatCommandLine("printf", arguments);
        using var process = ExternalProcess.Start("sh", ["-c", commandLine]);

        await process.WaitForLineAsync(_ => true, Timeout);

        Assert.Equal("a b|$HOME|'q'|*|caps=application/x-rtp,media=(string)video|", Assert.Single(process.Output).Text);
    }

    [Fact]
    public async Task A_wait_that_times_out_explains_itself_with_the_command_line_and_the_last_lines()
    {
        using var process = ExternalProcess.Start("sh", ["-c", "for i in $(seq 1 60); do echo line$i; done; echo ready; exec sleep 300"], new ExternalProcessOptions { Name = "chatty" });
        await process.WaitForLineAsync(l => l == "ready", Timeout);

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => process.WaitForLineAsync(l => l == "never", TimeSpan.FromMilliseconds(100), "the word never"));

        Assert.Contains("chatty: timed out after 0.1 s waiting for the word never", failure.Message, StringComparison.Ordinal);
        Assert.Contains("state: running", failure.Message, StringComparison.Ordinal);
        Assert.Contains(process.CommandLine, failure.Message, StringComparison.Ordinal);
        Assert.Contains("output: 61 lines; the last 50", failure.Message, StringComparison.Ordinal);
        Assert.Contains("out| line12", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("out| line11" + Environment.NewLine, failure.Message, StringComparison.Ordinal);
        Assert.Contains("out| ready", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_of_routine_lines_are_folded_in_failure_messages()
    {
        using var process = ExternalProcess.Start(
            "sh",
            ["-c", "echo start; for i in $(seq 1 100); do echo frame$i; done; echo warning; echo frame101; exec sleep 300"],
            new ExternalProcessOptions { IsRoutine = l => l.StartsWith("frame", StringComparison.Ordinal) });
        await process.WaitForLineAsync(l => l == "frame101", Timeout);

        string message = process.Describe("check");

        Assert.Contains("out| start", message, StringComparison.Ordinal);
        Assert.Contains("out| frame100 (and 99 similar lines before it)", message, StringComparison.Ordinal);
        Assert.Contains("out| warning", message, StringComparison.Ordinal);
        Assert.Contains("out| frame101" + Environment.NewLine, message, StringComparison.Ordinal);
        Assert.DoesNotContain("frame99" + Environment.NewLine, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wait_fails_as_soon_as_the_process_exits_without_the_line()
    {
        using var process = ExternalProcess.Start("sh", ["-c", "echo bye; exit 3"]);

        // The timeout is far away: the failure must come from the exit, not from the clock.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => process.WaitForLineAsync(l => l == "never", TimeSpan.FromMinutes(10)));

        Assert.Contains("ended before the awaited output", failure.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", failure.Message, StringComparison.Ordinal);
        Assert.Contains("out| bye", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_written_before_the_wait_began_is_still_found()
    {
        using var process = ExternalProcess.Start("sh", ["-c", "echo early; echo done"]);
        await process.WaitForExitAsync(Timeout);
        await process.WaitForLineAsync(l => l == "done", Timeout);

        var early = await process.WaitForLineAsync(l => l == "early", Timeout);

        Assert.Equal(0, early.Index);
    }

    [Fact]
    public void A_missing_program_fails_with_instructions_instead_of_skipping()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => ExternalProcess.Start("no-such-tool-for-sfu-tests", []));

        Assert.Contains("'no-such-tool-for-sfu-tests' is not installed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("./test.sh", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_kills_the_whole_process_tree()
    {
        var process = ExternalProcess.Start("sh", ["-c", "sleep 300 & echo child $!; wait"]);
        var line = await process.WaitForLineAsync(l => l.StartsWith("child ", StringComparison.Ordinal), Timeout);
        int child = int.Parse(line.Text.AsSpan(6), CultureInfo.InvariantCulture);
        Assert.True(IsAlive(child));

        process.Dispose();

        Assert.True(await WaitUntilGoneAsync(child), $"process {child} (sleep, a child of the shell) survived Dispose");
    }

    [Fact]
    public async Task Terminate_sends_SIGTERM_which_the_process_can_handle()
    {
        using var process = ExternalProcess.Start("sh", ["-c", "trap 'echo got TERM; exit 5' TERM; echo ready; while true; do sleep 1; done"]);
        await process.WaitForLineAsync(l => l == "ready", Timeout);

        process.Terminate();

        Assert.Equal(5, await process.WaitForExitAsync(Timeout));
        await process.WaitForLineAsync(l => l == "got TERM", Timeout);
    }

    [Fact]
    public async Task The_working_directory_can_be_chosen()
    {
        var directory = Directory.CreateTempSubdirectory("sfu-cwd-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "marker-file"), "");
            using var process = ExternalProcess.Start("sh", ["-c", "ls"], new ExternalProcessOptions { WorkingDirectory = directory.FullName });

            Assert.Equal(0, await process.WaitForExitAsync(Timeout));
            await process.WaitForLineAsync(_ => true, Timeout);
            Assert.Equal("marker-file", Assert.Single(process.Output).Text);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_exit_code_of_a_finished_process_is_reported()
    {
        using var process = ExternalProcess.Start("sh", ["-c", "exit 7"]);

        Assert.Equal(7, await process.WaitForExitAsync(Timeout));
        Assert.Equal(7, process.ExitCode);
    }

    /// <summary>Alive unless gone from /proc or a zombie (killed, not yet reaped by a reaper that may never come).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int end = stat.LastIndexOf(')');
            return end < 0 || stat.Length < end + 3 || stat[end + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A killed process has no event to await from here: poll /proc until it is gone, with a deadline.</summary>
    private static async Task<bool> WaitUntilGoneAsync(int pid)
    {
        var deadline = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (deadline.Elapsed > Timeout)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}
