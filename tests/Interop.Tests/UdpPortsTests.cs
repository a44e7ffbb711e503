using System.Net;
using System.Net.Sockets;
using Sfu.Interop.Tests.Harness;

namespace Sfu.Interop.Tests;

public sealed class UdpPortsTests
{
    [Fact]
    public void Allocated_ports_are_distinct_bindable_and_outside_the_sfu_and_kernel_ranges()
    {
        int[] ports = [.. Enumerable.Range(0, 20).Select(_ => UdpPorts.Allocate())];

        Assert.Equal(ports.Length, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 61000, 65534));
        Assert.All(ports, port => Bind(port).Dispose());
    }

    [Fact]
    public void A_pair_is_an_even_port_and_its_successor_both_free()
    {
        int port = UdpPorts.AllocatePair();

        Assert.Equal(0, port % 2);
        using var rtp = Bind(port);
        using var rtcp = Bind(port + 1);
    }

    private static Socket Bind(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, port));
        return socket;
    }
}
