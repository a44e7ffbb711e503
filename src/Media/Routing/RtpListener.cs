using System.Text;
using Sfu.Contracts;
using Sfu.Contracts.Dumps;

namespace Sfu.Media.Routing;

/// <summary>
/// Which producer of a transport an incoming RTP packet belongs to (MP1): by SSRC, then by MID, then by RID. A MID or
/// RID match learns the packet's SSRC, so the next packet of that stream matches by SSRC. RTX SSRCs map too.
/// </summary>
public sealed class RtpListener
{
    private readonly Dictionary<uint, Producer> _ssrcTable = new(64);
    private readonly Dictionary<string, Producer> _midTable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Producer> _ridTable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Producer>.AlternateLookup<ReadOnlySpan<char>> _midLookup;
    private readonly Dictionary<string, Producer>.AlternateLookup<ReadOnlySpan<char>> _ridLookup;

    public RtpListener()
    {
        _midLookup = _midTable.GetAlternateLookup<ReadOnlySpan<char>>();
        _ridLookup = _ridTable.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>P3: registers the producer's SSRCs, MID and RIDs; a duplicate is an Error and nothing is registered.</summary>
    public void AddProducer(Producer producer)
    {
        var rtp = producer.RtpParameters;
        var ssrcs = new List<uint>();
        foreach (var encoding in rtp.Encodings ?? [])
        {
            if (encoding.Ssrc is { } ssrc)
            {
                if (_ssrcTable.ContainsKey(ssrc) || ssrcs.Contains(ssrc))
                {
                    throw new SfuException($"ssrc already exists in RTP listener [ssrc:{ssrc}]");
                }
                ssrcs.Add(ssrc);
            }
            if (encoding.Rtx?.Ssrc is { } rtxSsrc)
            {
                if (_ssrcTable.ContainsKey(rtxSsrc) || ssrcs.Contains(rtxSsrc))
                {
                    throw new SfuException($"RTX ssrc already exists in RTP listener [ssrc:{rtxSsrc}]");
                }
                ssrcs.Add(rtxSsrc);
            }
        }
        if (rtp.Mid is { Length: > 0 } mid && _midTable.ContainsKey(mid))
        {
            throw new SfuException($"MID already exists in RTP listener [mid:{mid}]");
        }
        var rids = new List<string>();
        if (rtp.Mid is null)
        {
            // Without a MID, RIDs must be unique on the transport.
            foreach (var encoding in rtp.Encodings ?? [])
            {
                if (encoding.Rid is { } rid)
                {
                    if (_ridTable.ContainsKey(rid) || rids.Contains(rid))
                    {
                        throw new SfuException($"RID already exists in RTP listener [rid:{rid}]");
                    }
                    rids.Add(rid);
                }
            }
        }

        foreach (var ssrc in ssrcs)
        {
            _ssrcTable[ssrc] = producer;
        }
        if (rtp.Mid is { Length: > 0 } m)
        {
            _midTable[m] = producer;
        }
        foreach (var rid in rids)
        {
            _ridTable[rid] = producer;
        }
    }

    public void RemoveProducer(Producer producer)
    {
        RemoveWhere(_ssrcTable, producer);
        RemoveWhere(_midTable, producer);
        RemoveWhere(_ridTable, producer);
    }

    /// <summary>
    /// Finds the producer of a packet. <paramref name="mid"/>/<paramref name="rid"/> are the raw ASCII values of the
    /// packet's MID and RID extensions (empty when absent). A MID/RID match learns the SSRC.
    /// </summary>
    public Producer? GetProducer(uint ssrc, ReadOnlySpan<byte> mid, ReadOnlySpan<byte> rid)
    {
        if (_ssrcTable.TryGetValue(ssrc, out var producer))
        {
            return producer;
        }
        if (!mid.IsEmpty && mid.Length <= 64)
        {
            Span<char> chars = stackalloc char[mid.Length];
            if (Widen(mid, chars) && _midLookup.TryGetValue(chars, out producer))
            {
                _ssrcTable[ssrc] = producer;
                return producer;
            }
        }
        if (!rid.IsEmpty && rid.Length <= 64)
        {
            Span<char> chars = stackalloc char[rid.Length];
            if (Widen(rid, chars) && _ridLookup.TryGetValue(chars, out producer))
            {
                _ssrcTable[ssrc] = producer;
                return producer;
            }
        }
        return null;
    }

    /// <summary>Forgets a learned SSRC (its stream was replaced).</summary>
    public void ForgetSsrc(uint ssrc) => _ssrcTable.Remove(ssrc);

    /// <summary>The tables as <c>transport.dump().rtpListener</c> shows them.</summary>
    public RtpListenerDump Dump() => new()
    {
        SsrcTable = _ssrcTable.Select(e => new KeyValueEntry<uint, string>(e.Key, e.Value.Id)).ToArray(),
        MidTable = _midTable.Select(e => new KeyValueEntry<string, string>(e.Key, e.Value.Id)).ToArray(),
        RidTable = _ridTable.Select(e => new KeyValueEntry<string, string>(e.Key, e.Value.Id)).ToArray(),
    };

    private static bool Widen(ReadOnlySpan<byte> ascii, Span<char> chars)
    {
        for (var i = 0; i < ascii.Length; i++)
        {
            var b = ascii[i];
            if (b is 0 or > 127)
            {
                return false;
            }
            chars[i] = (char)b;
        }
        return true;
    }

    private static void RemoveWhere<TKey>(Dictionary<TKey, Producer> table, Producer producer) where TKey : notnull
    {
        List<TKey>? keys = null;
        foreach (var (key, value) in table)
        {
            if (ReferenceEquals(value, producer))
            {
                (keys ??= []).Add(key);
            }
        }
        if (keys is not null)
        {
            foreach (var key in keys)
            {
                table.Remove(key);
            }
        }
    }

    internal static string Ascii(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value);
}
