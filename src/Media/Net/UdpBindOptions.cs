using System.Net;
using System.Net.Sockets;
using Sfu.Contracts;
using Sfu.Contracts.Transports;

namespace Sfu.Media.Net;

/// <summary>An inclusive port range <c>{min, max}</c> (§3.9 <c>portRange</c>, M1 <c>rtcMinPort..rtcMaxPort</c>).</summary>
public readonly record struct PortRange(ushort Min, ushort Max)
{
    /// <summary>mediasoup's worker default, <c>rtcMinPort=10000</c>, <c>rtcMaxPort=59999</c> (M1).</summary>
    public static PortRange WorkerDefault => new(10000, 59999);

    /// <summary>How many ports the range holds (0 when <see cref="Min"/> &gt; <see cref="Max"/>).</summary>
    public int Count => Max >= Min ? Max - Min + 1 : 0;

    /// <summary>A range from API integers.</summary>
    /// <exception cref="TypeError">A bound outside 0–65535, or <paramref name="min"/> &gt; <paramref name="max"/>.</exception>
    public static PortRange Create(int min, int max)
    {
        if ((uint)min > ushort.MaxValue || (uint)max > ushort.MaxValue)
        {
            throw new TypeError($"invalid port range [min:{min}, max:{max}]: ports are 0-65535");
        }
        if (min > max)
        {
            throw new TypeError($"invalid port range [min:{min}, max:{max}]: maxPort cannot be less than minPort");
        }
        return new PortRange((ushort)min, (ushort)max);
    }

    public override string ToString() => $"{Min}-{Max}";
}

/// <summary>
/// Where and how a <see cref="UdpEndpoint"/> binds (§3.9 TransportListenInfo, UDP part). Port selection, as mediasoup's
/// worker does it: a <see cref="PortRange"/> with both bounds non-zero wins; else a non-zero <see cref="Port"/> is bound
/// as is; else a port is picked from the loop's default range (<c>rtcMinPort..rtcMaxPort</c>, M1).
/// </summary>
public sealed record UdpBindOptions
{
    /// <summary>The IP to bind: an interface address, 0.0.0.0 / :: (any), or a multicast group address.</summary>
    public required IPAddress Ip { get; init; }

    /// <summary>A fixed port; 0 = pick one from a range.</summary>
    public ushort Port { get; init; }

    /// <summary>The range to pick from; used when both bounds are non-zero.</summary>
    public PortRange? PortRange { get; init; }

    /// <summary>IPV6_V6ONLY: no IPv4 traffic on an IPv6 socket. Ignored for IPv4 (PT7).</summary>
    public bool Ipv6Only { get; init; }

    /// <summary>SO_REUSEADDR + SO_REUSEPORT: several sockets may bind the same IP and port if all set it (PT7).</summary>
    public bool UdpReusePort { get; init; }

    /// <summary>SO_SNDBUF in bytes; 0 = the OS default.</summary>
    public int SendBufferSize { get; init; }

    /// <summary>SO_RCVBUF in bytes; 0 = the OS default.</summary>
    public int RecvBufferSize { get; init; }

    /// <summary>
    /// The largest datagram received or sent; a longer received one is counted as truncated and dropped. 2048 covers
    /// any RTP, RTCP, STUN or DTLS datagram on a 1500-byte MTU path.
    /// </summary>
    public int MaxDatagramSize { get; init; } = 2048;

    /// <summary>True when the options name a fixed port (no range applies).</summary>
    public bool IsFixedPort => !HasExplicitRange && Port != 0;

    private bool HasExplicitRange => PortRange is { Min: not 0, Max: not 0 };

    /// <summary>The range a port is picked from when <see cref="IsFixedPort"/> is false.</summary>
    public PortRange EffectiveRange(PortRange workerDefault) => HasExplicitRange ? PortRange!.Value : workerDefault;

    /// <summary>Checks what socket creation would otherwise fail on obscurely.</summary>
    /// <exception cref="TypeError">No IP, a non-IP family, min &gt; max, negative buffer sizes, or a datagram size outside 1–65535.</exception>
    public void Validate()
    {
        if (Ip is null || Ip.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new TypeError("missing or invalid ip");
        }
        if (PortRange is { } range && range.Min > range.Max)
        {
            throw new TypeError($"invalid port range [min:{range.Min}, max:{range.Max}]: maxPort cannot be less than minPort");
        }
        if (SendBufferSize < 0 || RecvBufferSize < 0)
        {
            throw new TypeError("socket buffer sizes cannot be negative");
        }
        if (MaxDatagramSize is < 1 or > ushort.MaxValue)
        {
            throw new TypeError($"invalid maxDatagramSize {MaxDatagramSize}");
        }
    }

    /// <summary>
    /// The UDP bind options of a §3.9 listen info, validated as mediasoup does: a missing or bad <c>ip</c>, a port
    /// or range bound outside 0–65535, <c>portRange.min &gt; portRange.max</c>, or a negative buffer size → TypeError.
    /// The protocol is not checked here (the transport decides whether TCP is allowed).
    /// </summary>
    public static UdpBindOptions FromListenInfo(TransportListenInfo listenInfo)
    {
        ArgumentNullException.ThrowIfNull(listenInfo);
        if (listenInfo.Ip is null)
        {
            throw new TypeError("missing listenInfo.ip");
        }
        if (!NetAddress.TryParse(listenInfo.Ip, 0, out var ip))
        {
            throw new TypeError($"invalid IP '{listenInfo.Ip}'");
        }
        var port = listenInfo.Port ?? 0;
        if ((uint)port > ushort.MaxValue)
        {
            throw new TypeError($"invalid port {port}");
        }
        PortRange? range = listenInfo.PortRange is { } r ? Net.PortRange.Create(r.Min ?? 0, r.Max ?? 0) : null;
        var send = listenInfo.SendBufferSize ?? 0;
        var recv = listenInfo.RecvBufferSize ?? 0;
        if (send < 0 || recv < 0)
        {
            throw new TypeError("socket buffer sizes cannot be negative");
        }
        return new UdpBindOptions
        {
            Ip = ip.ToIPAddress(),
            Port = (ushort)port,
            PortRange = range,
            Ipv6Only = listenInfo.Flags?.Ipv6Only ?? false,
            UdpReusePort = listenInfo.Flags?.UdpReusePort ?? false,
            SendBufferSize = send,
            RecvBufferSize = recv,
        };
    }
}
