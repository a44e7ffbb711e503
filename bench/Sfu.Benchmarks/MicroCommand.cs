using System.Reflection;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Sfu.Benchmarks.Micro;

namespace Sfu.Benchmarks;

/// <summary>
/// BenchmarkDotNet micro benchmarks (every [Benchmark] class here), with allocations measured. Classes marked
/// <see cref="ZeroAllocationAttribute"/> are a gate: the command exits 1 when one of their benchmarks allocates or fails.
/// </summary>
/// <remarks>
/// Arguments go to BenchmarkDotNet (<c>--filter *Srtp*</c>, <c>--job short</c>, <c>--list flat</c>, …); without a
/// <c>--filter</c> every benchmark runs (never the interactive prompt, so it is safe without a terminal).
/// <c>--quick</c> is shorthand for <c>--job short --inProcess</c>: 3 warmup and 3 measured iterations, in this process,
/// with no generated project to build: a smoke run for CI, with indicative numbers.
/// </remarks>
public sealed class MicroCommand : IBenchCommand
{
    public string Name => "micro";

    public string Description =>
        "BenchmarkDotNet micro benchmarks; args go to BenchmarkDotNet (e.g. --filter *Srtp*); --quick = --job short --inProcess";

    public Task<int> RunAsync(string[] args)
    {
        string[] switcherArgs = ExpandArguments(args);
        Console.WriteLine($"// micro: {string.Join(' ', switcherArgs)}");
        Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroCommand).Assembly).Run(switcherArgs).ToArray();
        return Task.FromResult(CheckZeroAllocation(summaries));
    }

    /// <summary>Replaces <c>--quick</c> and adds <c>--filter *</c> unless the arguments select or list benchmarks.</summary>
    internal static string[] ExpandArguments(string[] args)
    {
        var expanded = new List<string>();
        foreach (string arg in args)
        {
            if (arg == "--quick")
            {
                expanded.AddRange(["--job", "short", "--inProcess"]);
            }
            else
            {
                expanded.Add(arg);
            }
        }

        bool selects = expanded.Exists(a => a is "--filter" or "-f" or "--list" or "--allCategories" or "--anyCategories"
            or "--help" or "-h" or "--version" or "--info");
        if (!selects)
        {
            expanded.AddRange(["--filter", "*"]);
        }

        return [.. expanded];
    }

    /// <summary>
    /// 0 when every benchmark of a <see cref="ZeroAllocationAttribute"/> class ran and allocated 0 B/op, else 1.
    /// Cold-start runs (<c>--job dry</c>) are only checked for having run.
    /// </summary>
    private static int CheckZeroAllocation(Summary[] summaries)
    {
        int failures = 0;
        int checkedCount = 0;
        int coldStart = 0;
        foreach (Summary summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
            {
                Console.WriteLine($"// zero-allocation gate: {summary.Title} has critical validation errors");
                failures++;
            }

            foreach (BenchmarkCase benchmark in summary.BenchmarksCases)
            {
                if (benchmark.Descriptor.Type.GetCustomAttribute<ZeroAllocationAttribute>() is null)
                {
                    continue;
                }

                checkedCount++;
                string name = benchmark.HasParameters
                    ? $"{benchmark.Descriptor.DisplayInfo} {benchmark.Parameters.DisplayInfo}"
                    : benchmark.Descriptor.DisplayInfo;
                BenchmarkReport? report = summary[benchmark];
                long? allocated = report is { Success: true } ? report.GcStats.GetBytesAllocatedPerOperation(benchmark) : null;
                if (allocated is null)
                {
                    Console.WriteLine($"// zero-allocation gate: {name} did not run or was not measured");
                    failures++;
                }
                else if (benchmark.Job.Run.RunStrategy == RunStrategy.ColdStart)
                {
                    // One cold iteration (e.g. --job dry): the process-wide counter sees the harness's and the runtime's
                    // first-call allocations (about 3 KB in process even for an empty benchmark), not the steady state.
                    coldStart++;
                }
                else if (allocated > 0)
                {
                    Console.WriteLine($"// zero-allocation gate: {name} allocates {allocated} B/op");
                    failures++;
                }
            }
        }

        if (failures > 0)
        {
            Console.WriteLine($"// zero-allocation gate: {failures} of {checkedCount} failed");
        }
        else if (coldStart > 0)
        {
            Console.WriteLine($"// zero-allocation gate: {checkedCount} benchmarks ran; {coldStart} cold-start runs, allocations not checked");
        }
        else
        {
            Console.WriteLine($"// zero-allocation gate: {checkedCount} benchmarks, 0 B/op each");
        }

        return failures == 0 ? 0 : 1;
    }
}
