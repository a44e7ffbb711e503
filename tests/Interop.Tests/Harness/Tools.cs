namespace Sfu.Interop.Tests.Harness;

/// <summary>
/// The real peers the interop tests run: GStreamer's <c>gst-launch-1.0</c> and <c>ffmpeg</c>. A missing tool is a
/// test failure with instructions (CI installs them through <c>./test.sh</c>), never a skip.
/// </summary>
public static class Tools
{
    public const string GstLaunch = "gst-launch-1.0";

    public const string Ffmpeg = "ffmpeg";

    /// <summary>The full path of <paramref name="program"/>: itself if it contains a slash, else the first match on PATH.</summary>
    public static string Resolve(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : throw Missing(program);
        }

        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (string directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw Missing(program);
    }

    private static InvalidOperationException Missing(string program) => new(
        $"'{program}' is not installed (not found on PATH). The interop tests drive real ffmpeg and GStreamer peers: " +
        "run ./test.sh, which installs them, or apt-get install ffmpeg gstreamer1.0-tools gstreamer1.0-plugins-base " +
        "gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav.");
}
