using System.Net;
using Sfu.Contracts;
using Sfu.Contracts.Transports;
using Sfu.Media.Net;

namespace Sfu.Media.Tests.Net;

/// <summary>§3.9 listen info → bind options, with mediasoup's TypeErrors; the worker port range (M1).</summary>
public class UdpBindOptionsTests
{
    [Fact]
    public void A_full_listen_info_maps_to_bind_options()
    {
        var options = UdpBindOptions.FromListenInfo(new TransportListenInfo
        {
            Protocol = TransportProtocol.Udp,
            Ip = "::1",
            Port = 4000,
            PortRange = new TransportPortRange { Min = 5000, Max = 5010 },
            Flags = new TransportSocketFlags { Ipv6Only = true, UdpReusePort = true },
            SendBufferSize = 1 << 20,
            RecvBufferSize = 1 << 21,
        });

        Assert.Equal(IPAddress.IPv6Loopback, options.Ip);
        Assert.Equal(4000, options.Port);
        Assert.Equal(new PortRange(5000, 5010), options.PortRange);
        Assert.True(options.Ipv6Only);
        Assert.True(options.UdpReusePort);
        Assert.Equal(1 << 20, options.SendBufferSize);
        Assert.Equal(1 << 21, options.RecvBufferSize);
        Assert.False(options.IsFixedPort); // the range wins over the port, as in mediasoup
    }

    [Fact]
    public void A_bare_listen_info_takes_any_port_from_the_worker_range()
    {
        var options = UdpBindOptions.FromListenInfo(new TransportListenInfo { Ip = "127.0.0.1" });

        Assert.Equal(0, options.Port);
        Assert.False(options.IsFixedPort);
        Assert.Equal(new PortRange(10000, 59999), options.EffectiveRange(PortRange.WorkerDefault));
        Assert.False(options.Ipv6Only);
        Assert.False(options.UdpReusePort);
    }

    [Fact]
    public void A_port_with_a_zero_range_is_fixed()
    {
        var options = UdpBindOptions.FromListenInfo(new TransportListenInfo
        {
            Ip = "127.0.0.1", Port = 4444, PortRange = new TransportPortRange { Min = 0, Max = 0 },
        });

        Assert.True(options.IsFixedPort);
        Assert.Equal(4444, options.Port);
    }

    [Theory]
    [InlineData(null, null, null, null)] // missing ip
    [InlineData("::::1234", null, null, null)]
    [InlineData("not an ip", null, null, null)]
    [InlineData("127.0.0.1", 65536, null, null)]
    [InlineData("127.0.0.1", -1, null, null)]
    [InlineData("127.0.0.1", null, 2000, 1000)] // min > max
    [InlineData("127.0.0.1", null, 1000, 70000)]
    [InlineData("127.0.0.1", null, -5, 1000)]
    public void Bad_listen_infos_are_TypeErrors(string? ip, int? port, int? min, int? max)
    {
        var info = new TransportListenInfo
        {
            Ip = ip,
            Port = port,
            PortRange = min is null && max is null ? null : new TransportPortRange { Min = min, Max = max },
        };

        Assert.Throws<TypeError>(() => UdpBindOptions.FromListenInfo(info));
    }

    [Fact]
    public void Negative_buffer_sizes_are_TypeErrors()
    {
        Assert.Throws<TypeError>(() =>
            UdpBindOptions.FromListenInfo(new TransportListenInfo { Ip = "127.0.0.1", SendBufferSize = -1 }));
        Assert.Throws<TypeError>(() =>
            UdpBindOptions.FromListenInfo(new TransportListenInfo { Ip = "127.0.0.1", RecvBufferSize = -1 }));
    }

    [Fact]
    public void Options_built_directly_are_validated_on_bind()
    {
        Assert.Throws<TypeError>(() =>
            new UdpBindOptions { Ip = IPAddress.Loopback, PortRange = new PortRange(3000, 2000) }.Validate());
        Assert.Throws<TypeError>(() => new UdpBindOptions { Ip = IPAddress.Loopback, MaxDatagramSize = 0 }.Validate());
        Assert.Throws<TypeError>(() => new UdpBindOptions { Ip = IPAddress.Loopback, SendBufferSize = -1 }.Validate());
        new UdpBindOptions { Ip = IPAddress.Loopback, PortRange = new PortRange(3000, 3000) }.Validate();
    }

    [Theory]
    [InlineData(20000, 10000)]
    [InlineData(0, 100)]
    [InlineData(100, 65536)]
    public void A_worker_port_range_that_is_empty_or_out_of_bounds_is_a_TypeError(int min, int max)
    {
        Assert.Throws<TypeError>(() => new PortAllocator(min, max));
    }

    [Fact]
    public void The_worker_default_range_is_mediasoups()
    {
        Assert.Equal(new PortRange(10000, 59999), new PortAllocator().DefaultRange);
        Assert.Equal(50000, PortRange.WorkerDefault.Count);
        Assert.Equal(1, new PortRange(7, 7).Count);
    }
}
