using System.Buffers.Binary;

namespace Sfu.Media.Rtcp;

/// <summary>SDES item types (RFC 3550 §6.5, §12.2).</summary>
public enum SdesItemType : byte
{
    /// <summary>END: terminates a chunk's item list.</summary>
    End = 0,

    /// <summary>CNAME: canonical end-point identifier.</summary>
    Cname = 1,

    /// <summary>NAME: user name.</summary>
    Name = 2,

    /// <summary>EMAIL: electronic mail address.</summary>
    Email = 3,

    /// <summary>PHONE: phone number.</summary>
    Phone = 4,

    /// <summary>LOC: geographic user location.</summary>
    Location = 5,

    /// <summary>TOOL: application or tool name.</summary>
    Tool = 6,

    /// <summary>NOTE: notice/status.</summary>
    Note = 7,

    /// <summary>PRIV: private extensions.</summary>
    Private = 8,
}

/// <summary>
/// SDES: source description (RFC 3550 §6.5), a view over one packet. Validated on parse: every chunk's items lie
/// inside the packet and each chunk ends with a null octet padded to 32 bits.
/// <code>
/// |V=2|P|    SC   |  PT=SDES=202  |             length            |
/// |                          SSRC/CSRC_1                          |
/// |     type      |    length     |  text ... | 0 (END) | pad     |
/// |                          SSRC/CSRC_2  ...                     |
/// </code>
/// </summary>
public readonly ref struct SourceDescription
{
    private readonly ReadOnlySpan<byte> _body;

    private SourceDescription(RtcpHeader header, ReadOnlySpan<byte> body)
    {
        Header = header;
        _body = body;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>Number of chunks (SC).</summary>
    public int ChunkCount => Header.Count;

    /// <summary>The chunks.</summary>
    public SdesChunkEnumerator Chunks => new(_body, ChunkCount);

    /// <summary>Parses one SDES packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out SourceDescription sdes, out RtcpParseError error)
    {
        sdes = default;
        if (!RtcpHeader.TryParse(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        if (header.Type != RtcpPacketType.SourceDescription)
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        int offset = 0;
        for (int i = 0; i < header.Count; i++)
        {
            int chunkLength = MeasureChunk(body.Slice(offset));
            if (chunkLength < 0)
            {
                error = RtcpParseError.BadSourceDescription;
                return false;
            }

            offset += chunkLength;
        }

        sdes = new SourceDescription(header, body);
        return true;
    }

    /// <summary>Length of the chunk at the start of <paramref name="data"/> (SSRC, items, null and padding), or −1.</summary>
    internal static int MeasureChunk(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8)
        {
            return -1; // SSRC + at least one null octet, padded
        }

        int pos = 4;
        while (pos < data.Length)
        {
            if (data[pos] == (byte)SdesItemType.End)
            {
                int end = (pos + 4) & ~3;
                return end <= data.Length ? end : -1;
            }

            if (pos + 2 > data.Length)
            {
                return -1;
            }

            pos += 2 + data[pos + 1];
        }

        return -1;
    }
}

/// <summary>One SDES chunk: an SSRC/CSRC and its items.</summary>
public readonly ref struct SdesChunk
{
    private readonly ReadOnlySpan<byte> _chunk;

    internal SdesChunk(ReadOnlySpan<byte> chunk) => _chunk = chunk;

    /// <summary>The SSRC or CSRC described.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_chunk);

    /// <summary>The items (END excluded).</summary>
    public SdesItemEnumerator Items => new(_chunk.Slice(4));

    /// <summary>Chunk size in bytes, padding included.</summary>
    public int Length => _chunk.Length;

    /// <summary>The value of the first item of <paramref name="type"/>.</summary>
    public bool TryGetItem(SdesItemType type, out ReadOnlySpan<byte> value)
    {
        foreach (SdesItem item in Items)
        {
            if (item.Type == type)
            {
                value = item.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}

/// <summary>One SDES item.</summary>
public readonly ref struct SdesItem
{
    internal SdesItem(SdesItemType type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The item type.</summary>
    public SdesItemType Type { get; }

    /// <summary>The item text (UTF-8, not terminated).</summary>
    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>Enumerates the chunks of a validated SDES packet.</summary>
public ref struct SdesChunkEnumerator
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _count;
    private int _index;
    private int _offset;
    private int _length;

    internal SdesChunkEnumerator(ReadOnlySpan<byte> body, int count)
    {
        _body = body;
        _count = count;
        _index = -1;
        _offset = 0;
        _length = 0;
    }

    /// <summary>The current chunk.</summary>
    public readonly SdesChunk Current => new(_body.Slice(_offset, _length));

    /// <summary>Supports <c>foreach</c>.</summary>
    public readonly SdesChunkEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next chunk.</summary>
    public bool MoveNext()
    {
        if (_index + 1 >= _count)
        {
            return false;
        }

        int next = _offset + _length;
        int length = SourceDescription.MeasureChunk(_body.Slice(next));
        if (length < 0)
        {
            return false;
        }

        _index++;
        _offset = next;
        _length = length;
        return true;
    }
}

/// <summary>Enumerates the items of a chunk, stopping at END.</summary>
public ref struct SdesItemEnumerator
{
    private readonly ReadOnlySpan<byte> _items;
    private int _next;
    private int _offset;

    internal SdesItemEnumerator(ReadOnlySpan<byte> items)
    {
        _items = items;
        _next = 0;
        _offset = -1;
    }

    /// <summary>The current item.</summary>
    public readonly SdesItem Current => new((SdesItemType)_items[_offset], _items.Slice(_offset + 2, _items[_offset + 1]));

    /// <summary>Supports <c>foreach</c>.</summary>
    public readonly SdesItemEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next item.</summary>
    public bool MoveNext()
    {
        int pos = _next;
        if (pos + 2 > _items.Length || _items[pos] == (byte)SdesItemType.End || pos + 2 + _items[pos + 1] > _items.Length)
        {
            return false;
        }

        _offset = pos;
        _next = pos + 2 + _items[pos + 1];
        return true;
    }
}

/// <summary>One item to write: chunks are formed from consecutive entries with the same SSRC.</summary>
/// <param name="Ssrc">The SSRC/CSRC the item describes.</param>
/// <param name="Type">The item type (not END).</param>
/// <param name="Value">The item text, at most 255 bytes (typically a cached UTF-8 CNAME).</param>
public readonly record struct SdesEntry(uint Ssrc, SdesItemType Type, ReadOnlyMemory<byte> Value);

/// <summary>Writes an SDES packet. Consecutive entries with the same SSRC share a chunk; at most 31 chunks.</summary>
public readonly ref struct SourceDescriptionWriter
{
    private readonly ReadOnlySpan<SdesEntry> _entries;

    /// <summary>Describes the packet to write.</summary>
    public SourceDescriptionWriter(ReadOnlySpan<SdesEntry> entries) => _entries = entries;

    /// <summary>Serialized size in bytes.</summary>
    public int GetSerializedLength()
    {
        int length = RtcpHeader.Size;
        int i = 0;
        while (i < _entries.Length)
        {
            int chunk = 4;
            uint ssrc = _entries[i].Ssrc;
            while (i < _entries.Length && _entries[i].Ssrc == ssrc)
            {
                chunk += 2 + _entries[i].Value.Length;
                i++;
            }

            length += (chunk + 4) & ~3; // null octet + padding
        }

        return length;
    }

    /// <summary>Writes the packet; false when the destination is too small, an item is too long, or chunks exceed 31.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        if (destination.Length < length)
        {
            return false;
        }

        int chunks = 0;
        int pos = RtcpHeader.Size;
        int i = 0;
        while (i < _entries.Length)
        {
            int chunkStart = pos;
            uint ssrc = _entries[i].Ssrc;
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(pos), ssrc);
            pos += 4;
            while (i < _entries.Length && _entries[i].Ssrc == ssrc)
            {
                SdesEntry e = _entries[i];
                if (e.Type == SdesItemType.End || e.Value.Length > 255)
                {
                    return false;
                }

                destination[pos] = (byte)e.Type;
                destination[pos + 1] = (byte)e.Value.Length;
                e.Value.Span.CopyTo(destination.Slice(pos + 2));
                pos += 2 + e.Value.Length;
                i++;
            }

            int end = chunkStart + ((pos - chunkStart + 4) & ~3);
            destination.Slice(pos, end - pos).Clear();
            pos = end;
            chunks++;
        }

        if (chunks > 31)
        {
            return false;
        }

        RtcpHeader.Write(destination, chunks, (byte)RtcpPacketType.SourceDescription, length);
        written = length;
        return true;
    }
}
