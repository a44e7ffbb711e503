using BenchmarkDotNet.Running;

namespace Sfu.Benchmarks;

/// <summary>BenchmarkDotNet micro benchmarks (every [Benchmark] class here), with allocations measured.</summary>
public sealed class MicroCommand : IBenchCommand
{
    public string Name => "micro";

    public string Description => "BenchmarkDotNet micro benchmarks; args go to BenchmarkDotNet (e.g. --filter *Srtp*)";

    public Task<int> RunAsync(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(MicroCommand).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
        return Task.FromResult(0);
    }
}
