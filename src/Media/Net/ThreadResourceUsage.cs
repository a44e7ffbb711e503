namespace Sfu.Media.Net;

/// <summary>getrusage(2) figures, as mediasoup's <c>worker.getResourceUsage()</c> reports them (times in ms).</summary>
public readonly record struct ResourceUsage(
    double UserTimeMs, double SystemTimeMs, long MaxRss, long IxRss, long IdRss, long IsRss, long MinFlt, long MajFlt,
    long NSwap, long InBlock, long OuBlock, long MsgSnd, long MsgRcv, long NSignals, long NvCsw, long NivCsw);

public static class ThreadResourceUsage
{
    /// <summary>
    /// Reads the calling thread's usage (RUSAGE_THREAD), so a media loop calls it on its own thread to report on
    /// itself. Elsewhere than Linux, the process's CPU times divided by nothing: the process totals.
    /// </summary>
    public static unsafe ResourceUsage ReadCurrentThread()
    {
        if (LibC.IsSupported)
        {
            LibC.RUsage ru;
            if (LibC.getrusage(LibC.RUSAGE_THREAD, &ru) == 0)
            {
                return new ResourceUsage(
                    ru.UserTime.Seconds * 1000.0 + ru.UserTime.Microseconds / 1000.0,
                    ru.SystemTime.Seconds * 1000.0 + ru.SystemTime.Microseconds / 1000.0,
                    ru.MaxRss, ru.IxRss, ru.IdRss, ru.IsRss, ru.MinFlt, ru.MajFlt, ru.NSwap, ru.InBlock, ru.OuBlock,
                    ru.MsgSnd, ru.MsgRcv, ru.NSignals, ru.NvCsw, ru.NivCsw);
            }
        }
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new ResourceUsage(
            process.UserProcessorTime.TotalMilliseconds, process.PrivilegedProcessorTime.TotalMilliseconds,
            process.PeakWorkingSet64 / 1024, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
