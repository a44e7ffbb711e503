using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sfu.Media.Sctp;

/// <summary>
/// The State Cookie this implementation puts in its INIT ACK (RFC 9260 §5.1.3): everything needed to build the
/// association when the COOKIE ECHO comes back, so the server keeps no state before it, and an HMAC-SHA256 over it
/// with a key only this association knows. Layout (big-endian):
/// <code>
/// 0  version (1) | flags (1: bit 0 peer supports FORWARD TSN, bit 1 peer supports RE-CONFIG) | reserved (2)
/// 4  created at, milliseconds on the association's clock (8)
/// 12 local verification tag (4) | 16 peer verification tag (4)
/// 20 local initial TSN (4)      | 24 peer initial TSN (4)
/// 28 peer a_rwnd (4)            | 32 peer OS (2) | 34 peer MIS (2)
/// 36 HMAC-SHA256 of bytes 0–35 (32)
/// </code>
/// </summary>
internal readonly record struct SctpStateCookie(
    long CreatedAtMs,
    uint LocalTag,
    uint PeerTag,
    uint LocalInitialTsn,
    uint PeerInitialTsn,
    uint PeerReceiverWindow,
    ushort PeerOutboundStreams,
    ushort PeerInboundStreams,
    bool PeerSupportsForwardTsn,
    bool PeerSupportsReConfig)
{
    public const int Size = 68;
    private const int SignedSize = 36;
    private const byte Version = 1;

    public void Write(Span<byte> destination, ReadOnlySpan<byte> key)
    {
        destination[0] = Version;
        destination[1] = (byte)((PeerSupportsForwardTsn ? 1 : 0) | (PeerSupportsReConfig ? 2 : 0));
        destination[2] = 0;
        destination[3] = 0;
        BinaryPrimitives.WriteInt64BigEndian(destination.Slice(4), CreatedAtMs);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), LocalTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), PeerTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), LocalInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(24), PeerInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(28), PeerReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(32), PeerOutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(34), PeerInboundStreams);
        HMACSHA256.HashData(key, destination.Slice(0, SignedSize), destination.Slice(SignedSize, 32));
    }

    /// <summary>Reads a cookie whose HMAC matches <paramref name="key"/>; false for anything else.</summary>
    public static bool TryRead(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> key, out SctpStateCookie result)
    {
        result = default;
        if (cookie.Length != Size || cookie[0] != Version)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, cookie.Slice(0, SignedSize), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, cookie.Slice(SignedSize, 32)))
        {
            return false;
        }

        result = new SctpStateCookie(
            BinaryPrimitives.ReadInt64BigEndian(cookie.Slice(4)),
            BinaryPrimitives.ReadUInt32BigEndian(cookie.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(cookie.Slice(16)),
            BinaryPrimitives.ReadUInt32BigEndian(cookie.Slice(20)),
            BinaryPrimitives.ReadUInt32BigEndian(cookie.Slice(24)),
            BinaryPrimitives.ReadUInt32BigEndian(cookie.Slice(28)),
            BinaryPrimitives.ReadUInt16BigEndian(cookie.Slice(32)),
            BinaryPrimitives.ReadUInt16BigEndian(cookie.Slice(34)),
            (cookie[1] & 1) != 0,
            (cookie[1] & 2) != 0);
        return true;
    }
}
