using Sfu.Contracts.Rtp;

namespace Sfu.Media.Rtp;

/// <summary>
/// The 256-entry id map that <see cref="RtpHeaderExtensionRewriter"/> reads: entry <c>[sourceId]</c> holds the target
/// id, 0 drops the element. Built once per producer (control path), read per packet.
/// </summary>
public sealed class RtpHeaderExtensionIdMap
{
    private readonly byte[] _map = new byte[RtpHeaderExtensionRewriter.MapLength];

    /// <summary>The target id for <paramref name="sourceId"/> (0 = dropped).</summary>
    public byte this[int sourceId]
    {
        get => _map[sourceId];
        set => _map[sourceId] = value;
    }

    /// <summary>
    /// Maps every source extension whose URI the target also negotiated to the target's id; everything else is dropped.
    /// </summary>
    public static RtpHeaderExtensionIdMap MapByUri(IReadOnlyList<RtpHeaderExtensionParameters>? source,
        IReadOnlyList<RtpHeaderExtensionParameters>? target)
    {
        var map = new RtpHeaderExtensionIdMap();
        if (source is null || target is null)
        {
            return map;
        }

        foreach (RtpHeaderExtensionParameters s in source)
        {
            if (s.Id is < 1 or > 255)
            {
                continue;
            }

            foreach (RtpHeaderExtensionParameters t in target)
            {
                if (t.Id is >= 1 and <= 255 && string.Equals(s.Uri, t.Uri, StringComparison.Ordinal))
                {
                    map._map[s.Id] = (byte)t.Id;
                    break;
                }
            }
        }

        return map;
    }

    /// <summary>The map as the span the rewriter takes.</summary>
    public ReadOnlySpan<byte> AsSpan() => _map;

    /// <summary>Drops every id.</summary>
    public void Clear() => Array.Clear(_map);
}
