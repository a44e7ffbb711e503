namespace Sfu.Media.Transports;

/// <summary>Per-reason drop counters of one transport. Loop thread only; no allocation to count.</summary>
public sealed class DropCounters
{
    private static readonly DropReason[] Reasons = Enum.GetValues<DropReason>();
    private readonly long[] _counts = new long[Reasons.Length];

    public void Count(DropReason reason) => _counts[(int)reason]++;

    public long this[DropReason reason] => _counts[(int)reason];

    public long Total
    {
        get
        {
            long total = 0;
            foreach (var c in _counts)
            {
                total += c;
            }
            return total;
        }
    }

    /// <summary>The non-zero counters by camelCase reason name, for the dump.</summary>
    public IReadOnlyDictionary<string, long> ToDictionary()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < Reasons.Length; i++)
        {
            if (_counts[i] != 0)
            {
                var name = Reasons[i].ToString();
                result[char.ToLowerInvariant(name[0]) + name[1..]] = _counts[i];
            }
        }
        return result;
    }
}
