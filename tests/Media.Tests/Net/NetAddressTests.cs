using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Net;

namespace Sfu.Media.Tests.Net;

public class NetAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", 5000, "127.0.0.1:5000")]
    [InlineData("0.0.0.0", 0, "0.0.0.0:0")]
    [InlineData("255.255.255.255", 65535, "255.255.255.255:65535")]
    [InlineData("::1", 40000, "[::1]:40000")]
    [InlineData("::", 1, "[::]:1")]
    [InlineData("2001:DB8:0:0:1:0:0:1", 443, "[2001:db8::1:0:0:1]:443")]
    [InlineData("::ffff:10.1.2.3", 9, "[::ffff:10.1.2.3]:9")]
    public void Valid_addresses_parse_and_format_canonically(string ip, int port, string text)
    {
        Assert.True(NetAddress.TryParse(ip, port, out var address));

        Assert.Equal(text, address.ToString());
        Assert.Equal(IPAddress.Parse(ip).ToString(), address.IpToString());
        Assert.Equal(port, address.Port);
        Assert.Equal(IPAddress.Parse(ip).AddressFamily, address.Family);
    }

    [Theory]
    [InlineData("::::1234")] // PT3's bad IP
    [InlineData("")]
    [InlineData(" 127.0.0.1")]
    [InlineData("127.0.0.1 ")]
    [InlineData("127.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("01.2.3.4")]
    [InlineData("256.1.1.1")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.")]
    [InlineData(".1.2.3")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    [InlineData("fe80::1%eth0")]
    [InlineData("::1/64")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("12345::1")]
    public void Invalid_ip_strings_are_rejected(string ip)
    {
        Assert.False(NetAddress.TryParse(ip, 5000, out var address));
        Assert.True(address.IsNone);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void A_port_outside_0_to_65535_is_rejected(int port)
    {
        Assert.False(NetAddress.TryParse("127.0.0.1", port, out _));
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.False(NetAddress.TryParse((string?)null, 1, out _));
    }

    [Fact]
    public void IPv4_formatting_agrees_with_IPAddress_for_every_address()
    {
        Prop.ForAll(Gen.Choose(int.MinValue, int.MaxValue).ToArbitrary(), Gen.Choose(0, 65535).ToArbitrary(), (bits, port) =>
        {
            var bytes = BitConverter.GetBytes(bits);
            var address = new NetAddress(bytes, (ushort)port);
            var expected = new IPAddress(bytes).ToString();

            Assert.Equal(expected, address.IpToString());
            Assert.Equal($"{expected}:{port}", address.ToString());
            Assert.True(NetAddress.TryParse(expected, port, out var parsed));
            Assert.Equal(address, parsed);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Addresses_round_trip_through_IPEndPoint_and_SocketAddress()
    {
        var bytes = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 16);
        Prop.ForAll(bytes.ToArbitrary(), Gen.Choose(0, 65535).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(),
            (raw, port, v4) =>
            {
                var ip = v4 ? new IPAddress(raw.AsSpan(0, 4)) : new IPAddress(raw);
                var endPoint = new IPEndPoint(ip, port);
                var address = NetAddress.FromIPEndPoint(endPoint);

                Assert.Equal(endPoint, address.ToIPEndPoint());
                Assert.True(NetAddress.TryFromSocketAddress(endPoint.Serialize(), out var fromSocketAddress));
                Assert.Equal(address, fromSocketAddress);

                var written = new SocketAddress(ip.AddressFamily);
                Assert.True(address.TryWriteTo(written));
                Assert.Equal(endPoint, endPoint.Create(written));
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_Linux_sockaddr_forms_match_what_the_runtime_hands_to_the_kernel()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the recvmmsg/sendmmsg path exists on Linux only
        }
        foreach (var text in new[] { "192.0.2.33", "2001:db8::7", "fe80::1" })
        {
            var ip = IPAddress.Parse(text);
            if (text.StartsWith("fe80", StringComparison.Ordinal))
            {
                ip.ScopeId = 3;
            }
            var endPoint = new IPEndPoint(ip, 50123);
            var runtime = endPoint.Serialize();
            var address = NetAddress.FromIPEndPoint(endPoint);
            var sockaddr = new byte[128].AsSpan();

            var length = address.WriteLinuxSockaddr(sockaddr);

            Assert.Equal(runtime.Size, length);
            Assert.Equal(runtime.Buffer.Span[..runtime.Size].ToArray(), sockaddr[..length].ToArray());
            Assert.True(NetAddress.TryReadLinuxSockaddr(sockaddr[..length], out var back));
            Assert.Equal(address, back);
        }
    }

    [Fact]
    public void Reading_a_sockaddr_of_unknown_family_or_short_length_fails_without_throwing()
    {
        Span<byte> sockaddr = stackalloc byte[28];
        sockaddr.Clear();
        sockaddr[0] = 1; // AF_UNIX
        Assert.False(NetAddress.TryReadLinuxSockaddr(sockaddr, out _));
        sockaddr[0] = 10; // AF_INET6 but only 16 bytes
        Assert.False(NetAddress.TryReadLinuxSockaddr(sockaddr[..16], out _));
        sockaddr[0] = 2; // AF_INET but only 4 bytes
        Assert.False(NetAddress.TryReadLinuxSockaddr(sockaddr[..4], out _));
        Assert.False(NetAddress.TryReadLinuxSockaddr([], out _));
    }

    [Fact]
    public void Equality_and_hashing_cover_family_address_port_and_scope()
    {
        Assert.True(NetAddress.TryParse("10.0.0.1", 1000, out var a));
        Assert.True(NetAddress.TryParse("10.0.0.1", 1000, out var same));
        Assert.True(NetAddress.TryParse("::ffff:10.0.0.1", 1000, out var mapped));
        var map = new Dictionary<NetAddress, string> { [a] = "a" };

        Assert.Equal(a, same);
        Assert.True(a == same);
        Assert.Equal(a.GetHashCode(), same.GetHashCode());
        Assert.Equal("a", map[same]);
        Assert.NotEqual(a, a.WithPort(1001));
        Assert.NotEqual(a, mapped); // different families until mapped
        Assert.Equal(a, mapped.MapToIPv4());
        Assert.Equal(mapped, a.MapToIPv6());
        Assert.True(mapped.IsIPv4MappedToIPv6);
        Assert.False(a.IsIPv4MappedToIPv6);
        var scoped = NetAddress.FromIPAddress(IPAddress.Parse("fe80::1%2"), 5);
        Assert.NotEqual(scoped, NetAddress.FromIPAddress(IPAddress.Parse("fe80::1%3"), 5));
        Assert.Equal(2u, scoped.ScopeId);
        Assert.NotEqual(default, a);
        Assert.True(default(NetAddress).IsNone);
    }

    [Theory]
    [InlineData("224.0.0.1", true)]
    [InlineData("239.255.255.255", true)]
    [InlineData("223.255.255.255", false)]
    [InlineData("ff02::1", true)]
    [InlineData("fe80::1", false)]
    public void Multicast_addresses_are_recognised(string ip, bool multicast)
    {
        Assert.True(NetAddress.TryParse(ip, 0, out var address));
        Assert.Equal(multicast, address.IsMulticast);
    }

    [Fact]
    public void Formatting_into_a_short_buffer_fails_cleanly()
    {
        Assert.True(NetAddress.TryParse("192.168.100.200", 65535, out var v4));
        Assert.True(NetAddress.TryParse("2001:db8::1", 65535, out var v6));
        foreach (var address in new[] { v4, v6 })
        {
            var text = address.ToString();
            for (var length = 0; length < text.Length; length++)
            {
                Assert.False(address.TryFormat(new char[length], out _, default, null));
            }
            var exact = new char[text.Length];
            Assert.True(address.TryFormat(exact, out var written, default, null));
            Assert.Equal(text, new string(exact, 0, written));
        }
    }

    [Fact]
    public void The_address_bytes_are_written_in_network_order()
    {
        Assert.True(NetAddress.TryParse("1.2.3.4", 0, out var v4));
        Assert.True(NetAddress.TryParse("2001:db8::ff", 0, out var v6));
        var buffer = new byte[16];

        Assert.Equal(4, v4.WriteAddressBytes(buffer));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, buffer[..4]);
        Assert.Equal(16, v6.WriteAddressBytes(buffer));
        Assert.Equal(IPAddress.Parse("2001:db8::ff").GetAddressBytes(), buffer);
        Assert.Equal(0, v6.WriteAddressBytes(new byte[15]));
        Assert.Throws<ArgumentException>(() => new NetAddress(new byte[5], 1));
    }
}
