using System.Net;
using System.Net.Sockets;
using Sfu.Contracts;

namespace Sfu.Media.Net;

/// <summary>
/// Picks and binds UDP ports for <see cref="UdpEndpoint"/>s (mediasoup's PortManager, WT4): a fixed port is bound or
/// fails with Error naming the address; a range is walked from a random offset, each port tried at most once, and
/// fails with Error <c>no more available ports</c> when all are taken. Ports handed out are remembered per IP until
/// released, so a range never hands out a port one of our own sockets holds (which SO_REUSEPORT would otherwise let
/// the OS accept). Thread-safe; control plane only.
/// </summary>
public sealed class PortAllocator
{
    private const int LinuxSolSocket = 1;
    private const int LinuxSoReusePort = 15;
    private const int SioUdpConnReset = -1744830452; // Windows: stop ICMP port unreachable from failing ReceiveFrom

    private readonly Lock _lock = new();
    private readonly Dictionary<NetAddress, Dictionary<ushort, int>> _inUse = new();

    /// <summary>An allocator whose default range is mediasoup's worker default, 10000–59999.</summary>
    public PortAllocator() : this(PortRange.WorkerDefault)
    {
    }

    /// <summary>An allocator for a worker started with <c>rtcMinPort</c>/<c>rtcMaxPort</c> (M1).</summary>
    /// <exception cref="TypeError">A bound outside 1–65535, or min &gt; max.</exception>
    public PortAllocator(int rtcMinPort, int rtcMaxPort) : this(PortRange.Create(rtcMinPort, rtcMaxPort))
    {
    }

    /// <exception cref="TypeError">Port 0 in the range, or min &gt; max.</exception>
    public PortAllocator(PortRange defaultRange)
    {
        if (defaultRange.Min == 0 || defaultRange.Min > defaultRange.Max)
        {
            throw new TypeError($"invalid worker port range {defaultRange}");
        }
        DefaultRange = defaultRange;
    }

    /// <summary>The one a <see cref="MediaLoop"/> uses when it is given none.</summary>
    public static PortAllocator Shared { get; } = new();

    /// <summary>The range used when bind options give neither a port nor a range (rtcMinPort..rtcMaxPort).</summary>
    public PortRange DefaultRange { get; }

    /// <summary>How many ports this allocator holds for <paramref name="ip"/>.</summary>
    public int CountInUse(IPAddress ip)
    {
        var key = NetAddress.FromIPAddress(ip, 0);
        lock (_lock)
        {
            return _inUse.TryGetValue(key, out var ports) ? ports.Count : 0;
        }
    }

    /// <summary>
    /// Creates a non-blocking UDP socket per <paramref name="options"/> and binds it. The caller owns the socket and
    /// must <see cref="Release"/> the port when it closes it.
    /// </summary>
    /// <exception cref="TypeError">Invalid options.</exception>
    /// <exception cref="SfuException">Error: the address cannot be bound, or the range is exhausted.</exception>
    internal Socket BindUdp(UdpBindOptions options, out ushort port)
    {
        options.Validate();
        var ip = options.Ip;
        var key = NetAddress.FromIPAddress(ip, 0);
        if (options.IsFixedPort)
        {
            port = options.Port;
            var socket = CreateSocket(options);
            try
            {
                socket.Bind(new IPEndPoint(ip, port));
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new SfuException(ErrorNames.Error,
                    $"bind failed [protocol:udp, ip:'{ip}', port:{port}]: {Describe(e)}", e);
            }
            Remember(key, port);
            return socket;
        }

        var range = options.EffectiveRange(DefaultRange);
        var count = range.Count;
        var index = Random.Shared.Next(count);
        for (var attempt = 0; attempt < count; attempt++, index = (index + 1) % count)
        {
            var candidate = (ushort)(range.Min + index);
            if (IsRemembered(key, candidate))
            {
                continue;
            }
            var socket = CreateSocket(options);
            try
            {
                socket.Bind(new IPEndPoint(ip, candidate));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                socket.Dispose();
                continue;
            }
            catch (SocketException e)
            {
                // Address not available, too many open files, family not supported: no other port will do better.
                socket.Dispose();
                throw new SfuException(ErrorNames.Error,
                    $"port bind failed [protocol:udp, ip:'{ip}', port:{candidate}, attempt:{attempt + 1}/{count}]: {Describe(e)}", e);
            }
            if (!TryRemember(key, candidate))
            {
                // Another loop took it between our check and our bind (both with SO_REUSEPORT): let it have it.
                socket.Dispose();
                continue;
            }
            port = candidate;
            return socket;
        }
        throw new SfuException($"no more available ports [protocol:udp, ip:'{ip}', numAttempt:{count}]");
    }

    /// <summary>Forgets a port handed out by <see cref="BindUdp"/> (once its socket is closed).</summary>
    internal void Release(IPAddress ip, ushort port)
    {
        var key = NetAddress.FromIPAddress(ip, 0);
        lock (_lock)
        {
            if (!_inUse.TryGetValue(key, out var ports) || !ports.TryGetValue(port, out var holders))
            {
                return;
            }
            if (holders > 1)
            {
                ports[port] = holders - 1;
                return;
            }
            ports.Remove(port);
            if (ports.Count == 0)
            {
                _inUse.Remove(key);
            }
        }
    }

    private bool IsRemembered(NetAddress key, ushort port)
    {
        lock (_lock)
        {
            return _inUse.TryGetValue(key, out var ports) && ports.ContainsKey(port);
        }
    }

    private bool TryRemember(NetAddress key, ushort port)
    {
        lock (_lock)
        {
            if (_inUse.TryGetValue(key, out var ports) && ports.ContainsKey(port))
            {
                return false;
            }
            Remember(key, port);
            return true;
        }
    }

    private void Remember(NetAddress key, ushort port)
    {
        lock (_lock)
        {
            if (!_inUse.TryGetValue(key, out var ports))
            {
                _inUse[key] = ports = new Dictionary<ushort, int>();
            }
            ports[port] = ports.GetValueOrDefault(port) + 1;
        }
    }

    private static string Describe(SocketException e) => $"{e.SocketErrorCode} ({e.Message})";

    private static Socket CreateSocket(UdpBindOptions options)
    {
        var socket = new Socket(options.Ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (options.Ip.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.IPv6Only, options.Ipv6Only);
            }
            if (options.UdpReusePort)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                if (OperatingSystem.IsLinux())
                {
                    socket.SetRawSocketOption(LinuxSolSocket, LinuxSoReusePort, BitConverter.GetBytes(1));
                }
            }
            if (options.SendBufferSize > 0)
            {
                socket.SendBufferSize = options.SendBufferSize;
            }
            if (options.RecvBufferSize > 0)
            {
                socket.ReceiveBufferSize = options.RecvBufferSize;
            }
            if (OperatingSystem.IsWindows())
            {
                socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
            }
            socket.Blocking = false;
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new SfuException(ErrorNames.Error,
                $"socket setup failed [protocol:udp, ip:'{options.Ip}']: {Describe(e)}", e);
        }
    }
}
