namespace Sfu.Benchmarks.Micro;

/// <summary>
/// Marks a benchmark class whose every benchmark must allocate nothing (style §6.3 rule 1: the per-packet path). After
/// a run, <see cref="MicroCommand"/> fails with exit code 1 when one of them reports more than 0 B allocated per
/// operation, or did not run.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ZeroAllocationAttribute : Attribute
{
}
