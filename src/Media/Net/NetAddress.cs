using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sfu.Media.Net;

/// <summary>
/// An IPv4 or IPv6 address and a UDP/TCP port, as a plain value: 16 bytes of address storage (network order; IPv4
/// uses the first 4), the family, the port and the IPv6 scope id. Comparing, hashing and copying it allocate nothing,
/// so the media path keys tuples by it and passes it <c>in</c>. Conversions to <see cref="IPEndPoint"/>,
/// <see cref="IPAddress"/> and strings allocate and are for the control plane.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly struct NetAddress : IEquatable<NetAddress>, ISpanFormattable
{
    /// <summary>Linux <c>AF_INET</c> / <c>AF_INET6</c> (the values in <c>sockaddr.sa_family</c>).</summary>
    internal const ushort LinuxAfInet = 2;
    internal const ushort LinuxAfInet6 = 10;

    /// <summary>Bytes 0–7 and 8–15 of the address, in memory order (network order).</summary>
    private readonly ulong _high;
    private readonly ulong _low;
    private readonly uint _scopeId;
    private readonly ushort _port;
    private readonly byte _family; // 0 none, 4, 6

    private NetAddress(ulong high, ulong low, byte family, ushort port, uint scopeId)
    {
        _high = high;
        _low = low;
        _family = family;
        _port = port;
        _scopeId = scopeId;
    }

    /// <summary>
    /// An address from its raw bytes in network order: 4 bytes for IPv4, 16 for IPv6.
    /// </summary>
    /// <exception cref="ArgumentException">Neither 4 nor 16 bytes.</exception>
    public NetAddress(ReadOnlySpan<byte> address, ushort port, uint scopeId = 0)
    {
        Span<byte> storage = stackalloc byte[16];
        storage.Clear();
        switch (address.Length)
        {
            case 4:
                address.CopyTo(storage);
                _family = 4;
                break;
            case 16:
                address.CopyTo(storage);
                _family = 6;
                _scopeId = scopeId;
                break;
            default:
                throw new ArgumentException("an IP address is 4 or 16 bytes", nameof(address));
        }
        _high = MemoryMarshal.Read<ulong>(storage);
        _low = MemoryMarshal.Read<ulong>(storage[8..]);
        _port = port;
    }

    /// <summary>The default value: no address (<see cref="IsNone"/>).</summary>
    public static NetAddress None => default;

    public bool IsNone => _family == 0;

    public bool IsIPv4 => _family == 4;

    public bool IsIPv6 => _family == 6;

    /// <summary><see cref="AddressFamily.InterNetwork"/>, <see cref="AddressFamily.InterNetworkV6"/> or Unspecified.</summary>
    public AddressFamily Family => _family switch
    {
        4 => AddressFamily.InterNetwork,
        6 => AddressFamily.InterNetworkV6,
        _ => AddressFamily.Unspecified,
    };

    public ushort Port => _port;

    /// <summary>The IPv6 scope id (interface index) of a link-local address; 0 otherwise.</summary>
    public uint ScopeId => _scopeId;

    /// <summary>0.0.0.0 or ::.</summary>
    public bool IsAny => _family != 0 && _high == 0 && _low == 0;

    /// <summary>IPv4 224.0.0.0/4 or IPv6 ff00::/8.</summary>
    public bool IsMulticast => _family switch
    {
        4 => (AddressByte(0) & 0xF0) == 0xE0,
        6 => AddressByte(0) == 0xFF,
        _ => false,
    };

    /// <summary>An IPv6 address of the form ::ffff:a.b.c.d (RFC 4291 §2.5.5.2).</summary>
    public bool IsIPv4MappedToIPv6
    {
        get
        {
            if (_family != 6 || _high != 0)
            {
                return false;
            }
            Span<byte> low = stackalloc byte[8];
            MemoryMarshal.Write(low, _low);
            return low[0] == 0 && low[1] == 0 && low[2] == 0xFF && low[3] == 0xFF;
        }
    }

    /// <summary>The same address with another port.</summary>
    public NetAddress WithPort(ushort port) => new(_high, _low, _family, port, _scopeId);

    /// <summary>An IPv4 address as ::ffff:a.b.c.d, for an IPv6 dual-stack socket; anything else unchanged.</summary>
    public NetAddress MapToIPv6()
    {
        if (_family != 4)
        {
            return this;
        }
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        bytes[10] = 0xFF;
        bytes[11] = 0xFF;
        WriteAddressBytes(bytes[12..]);
        return new NetAddress(bytes, _port);
    }

    /// <summary>::ffff:a.b.c.d as the IPv4 address a.b.c.d; anything else unchanged.</summary>
    public NetAddress MapToIPv4()
    {
        if (!IsIPv4MappedToIPv6)
        {
            return this;
        }
        Span<byte> bytes = stackalloc byte[16];
        WriteAddressBytes(bytes);
        return new NetAddress(bytes[12..], _port);
    }

    /// <summary>Copies the 4 or 16 address bytes (network order) into <paramref name="destination"/>; returns the count.</summary>
    public int WriteAddressBytes(Span<byte> destination)
    {
        switch (_family)
        {
            case 4:
                if (destination.Length < 4)
                {
                    return 0;
                }
                Span<byte> first = stackalloc byte[8];
                MemoryMarshal.Write(first, _high);
                first[..4].CopyTo(destination);
                return 4;
            case 6:
                if (destination.Length < 16)
                {
                    return 0;
                }
                MemoryMarshal.Write(destination, _high);
                MemoryMarshal.Write(destination[8..], _low);
                return 16;
            default:
                return 0;
        }
    }

    // ---- .NET socket types (control plane) ----

    public static NetAddress FromIPEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return FromIPAddress(endPoint.Address, (ushort)endPoint.Port);
    }

    public static NetAddress FromIPAddress(IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            throw new ArgumentException("not an IP address", nameof(address));
        }
        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? new NetAddress(bytes[..written], port, (uint)address.ScopeId)
            : new NetAddress(bytes[..written], port);
    }

    /// <exception cref="InvalidOperationException">The value is <see cref="None"/>.</exception>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        return _family switch
        {
            4 => new IPAddress(bytes[..WriteAddressBytes(bytes)]),
            6 => new IPAddress(bytes[..WriteAddressBytes(bytes)], _scopeId),
            _ => throw new InvalidOperationException("no address"),
        };
    }

    public IPEndPoint ToIPEndPoint() => new(ToIPAddress(), _port);

    /// <summary>
    /// Reads a <see cref="SocketAddress"/> filled by <c>Socket.ReceiveFrom</c>. Allocation-free. False for a
    /// family other than IPv4/IPv6 or a short buffer.
    /// </summary>
    public static bool TryFromSocketAddress(SocketAddress socketAddress, out NetAddress address)
    {
        ArgumentNullException.ThrowIfNull(socketAddress);
        // The family encoding differs by OS (SocketAddress decodes it); the port and the address sit at the same
        // offsets everywhere: sockaddr_in {family, port@2, addr@4}, sockaddr_in6 {family, port@2, flow@4, addr@8, scope@24}.
        var span = socketAddress.Buffer.Span[..socketAddress.Size];
        switch (socketAddress.Family)
        {
            case AddressFamily.InterNetwork when span.Length >= 8:
                address = new NetAddress(span.Slice(4, 4), BinaryPrimitives.ReadUInt16BigEndian(span[2..]));
                return true;
            case AddressFamily.InterNetworkV6 when span.Length >= 28:
                address = new NetAddress(
                    MemoryMarshal.Read<ulong>(span[8..]), MemoryMarshal.Read<ulong>(span[16..]), 6,
                    BinaryPrimitives.ReadUInt16BigEndian(span[2..]), MemoryMarshal.Read<uint>(span[24..]));
                return true;
            default:
                address = default;
                return false;
        }
    }

    /// <summary>
    /// Writes this address into <paramref name="socketAddress"/>, which must have been created for the same family
    /// (and is reused across sends). Allocation-free. False when the families differ.
    /// </summary>
    public bool TryWriteTo(SocketAddress socketAddress)
    {
        ArgumentNullException.ThrowIfNull(socketAddress);
        var span = socketAddress.Buffer.Span;
        switch (_family)
        {
            case 4 when socketAddress.Family == AddressFamily.InterNetwork && span.Length >= 16:
                BinaryPrimitives.WriteUInt16BigEndian(span[2..], _port);
                WriteAddressBytes(span.Slice(4, 4));
                span.Slice(8, 8).Clear();
                socketAddress.Size = 16;
                return true;
            case 6 when socketAddress.Family == AddressFamily.InterNetworkV6 && span.Length >= 28:
                BinaryPrimitives.WriteUInt16BigEndian(span[2..], _port);
                span.Slice(4, 4).Clear();
                MemoryMarshal.Write(span[8..], _high);
                MemoryMarshal.Write(span[16..], _low);
                MemoryMarshal.Write(span[24..], _scopeId);
                socketAddress.Size = 28;
                return true;
            default:
                return false;
        }
    }

    // ---- Linux sockaddr (the recvmmsg/sendmmsg path) ----

    /// <summary>Reads a Linux <c>sockaddr_in</c>/<c>sockaddr_in6</c> of <paramref name="length"/> bytes.</summary>
    internal static bool TryReadLinuxSockaddr(ReadOnlySpan<byte> sockaddr, out NetAddress address)
    {
        if (sockaddr.Length >= 8)
        {
            var family = MemoryMarshal.Read<ushort>(sockaddr);
            if (family == LinuxAfInet)
            {
                address = new NetAddress(sockaddr.Slice(4, 4), BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]));
                return true;
            }
            if (family == LinuxAfInet6 && sockaddr.Length >= 28)
            {
                address = new NetAddress(
                    MemoryMarshal.Read<ulong>(sockaddr[8..]), MemoryMarshal.Read<ulong>(sockaddr[16..]), 6,
                    BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]), MemoryMarshal.Read<uint>(sockaddr[24..]));
                return true;
            }
        }
        address = default;
        return false;
    }

    /// <summary>Writes a Linux <c>sockaddr_in</c> (16 bytes) or <c>sockaddr_in6</c> (28 bytes); returns its length, 0 if none.</summary>
    internal int WriteLinuxSockaddr(Span<byte> sockaddr)
    {
        switch (_family)
        {
            case 4 when sockaddr.Length >= 16:
                MemoryMarshal.Write(sockaddr, LinuxAfInet);
                BinaryPrimitives.WriteUInt16BigEndian(sockaddr[2..], _port);
                WriteAddressBytes(sockaddr.Slice(4, 4));
                MemoryMarshal.Write(sockaddr[8..], 0UL);
                return 16;
            case 6 when sockaddr.Length >= 28:
                MemoryMarshal.Write(sockaddr, LinuxAfInet6);
                BinaryPrimitives.WriteUInt16BigEndian(sockaddr[2..], _port);
                MemoryMarshal.Write(sockaddr[4..], 0U);
                MemoryMarshal.Write(sockaddr[8..], _high);
                MemoryMarshal.Write(sockaddr[16..], _low);
                MemoryMarshal.Write(sockaddr[24..], _scopeId);
                return 28;
            default:
                return 0;
        }
    }

    // ---- strings (control plane) ----

    /// <summary>
    /// Parses an IP string strictly, as <c>inet_pton</c> does: a dotted quad of decimal octets for IPv4 (no leading
    /// zeros, no shorthand like <c>127.1</c>), RFC 4291 text for IPv6 (no brackets, no <c>%scope</c>). Returns false
    /// for anything else, including a port outside 0–65535, so the caller can raise TypeError (PT3).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> ip, int port, out NetAddress address)
    {
        address = default;
        if ((uint)port > ushort.MaxValue)
        {
            return false;
        }
        if (ip.Contains(':'))
        {
            if (ip.IndexOfAny("[]%/") >= 0 || !IPAddress.TryParse(ip, out var parsed) ||
                parsed.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
            address = FromIPAddress(parsed, (ushort)port);
            return true;
        }
        Span<byte> octets = stackalloc byte[4];
        if (!TryParseDottedQuad(ip, octets))
        {
            return false;
        }
        address = new NetAddress(octets, (ushort)port);
        return true;
    }

    /// <summary>As <see cref="TryParse(ReadOnlySpan{char}, int, out NetAddress)"/>; null is false.</summary>
    public static bool TryParse(string? ip, int port, out NetAddress address)
    {
        if (ip is null)
        {
            address = default;
            return false;
        }
        return TryParse(ip.AsSpan(), port, out address);
    }

    /// <summary>The IP in its canonical text (RFC 5952 for IPv6), e.g. for a tuple's <c>localIp</c>.</summary>
    public string IpToString() => _family == 0 ? "" : ToIPAddress().ToString();

    /// <summary>Writes the IP text into <paramref name="destination"/>.</summary>
    public bool TryFormatIp(Span<char> destination, out int charsWritten)
    {
        if (_family == 4)
        {
            return TryFormatIPv4(destination, out charsWritten);
        }
        if (_family == 6)
        {
            return ToIPAddress().TryFormat(destination, out charsWritten);
        }
        charsWritten = 0;
        return true;
    }

    /// <summary><c>ip:port</c>, or <c>[ipv6]:port</c>.</summary>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[72];
        return TryFormat(buffer, out var written, default, null) ? new string(buffer[..written]) : "";
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        var position = 0;
        if (_family == 6)
        {
            if (destination.IsEmpty)
            {
                return false;
            }
            destination[position++] = '[';
        }
        if (!TryFormatIp(destination[position..], out var ipLength))
        {
            return false;
        }
        position += ipLength;
        if (_family == 6)
        {
            if (position >= destination.Length)
            {
                return false;
            }
            destination[position++] = ']';
        }
        if (position >= destination.Length)
        {
            return false;
        }
        destination[position++] = ':';
        if (!_port.TryFormat(destination[position..], out var portLength))
        {
            return false;
        }
        charsWritten = position + portLength;
        return true;
    }

    // ---- equality ----

    public bool Equals(NetAddress other) =>
        _high == other._high && _low == other._low && _family == other._family && _port == other._port &&
        _scopeId == other._scopeId;

    public override bool Equals(object? obj) => obj is NetAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low, _family, _port, _scopeId);

    public static bool operator ==(NetAddress left, NetAddress right) => left.Equals(right);

    public static bool operator !=(NetAddress left, NetAddress right) => !left.Equals(right);

    // ---- helpers ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte AddressByte(int index)
    {
        var word = index < 8 ? _high : _low;
        Span<byte> bytes = stackalloc byte[8];
        MemoryMarshal.Write(bytes, word);
        return bytes[index & 7];
    }

    private bool TryFormatIPv4(Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        var position = 0;
        for (var i = 0; i < 4; i++)
        {
            if (i > 0)
            {
                if (position >= destination.Length)
                {
                    return false;
                }
                destination[position++] = '.';
            }
            if (!AddressByte(i).TryFormat(destination[position..], out var written))
            {
                return false;
            }
            position += written;
        }
        charsWritten = position;
        return true;
    }

    /// <summary>Four decimal octets 0–255 separated by dots, without leading zeros (inet_pton's IPv4 form).</summary>
    private static bool TryParseDottedQuad(ReadOnlySpan<char> text, Span<byte> octets)
    {
        var octet = 0;
        var value = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || octet == 3)
                {
                    return false;
                }
                octets[octet++] = (byte)value;
                value = 0;
                digits = 0;
                continue;
            }
            if (c is < '0' or > '9' || (digits > 0 && value == 0))
            {
                return false;
            }
            value = value * 10 + (c - '0');
            digits++;
            if (value > 255)
            {
                return false;
            }
        }
        if (digits == 0 || octet != 3)
        {
            return false;
        }
        octets[3] = (byte)value;
        return true;
    }
}
