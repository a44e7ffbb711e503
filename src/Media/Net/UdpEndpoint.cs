using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sfu.Media.Time;

namespace Sfu.Media.Net;

/// <summary>What a <see cref="UdpEndpoint"/> hands each received datagram to (a transport).</summary>
public interface IDatagramHandler
{
    /// <summary>
    /// One datagram, on the loop thread. <paramref name="datagram"/> lives in the endpoint's receive buffer and is
    /// valid only during the call (it may be modified in place, e.g. SRTP-unprotected); copy what must be kept.
    /// </summary>
    void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, in NetAddress remote, Instant now);
}

/// <summary>A UDP endpoint's traffic figures (read on its loop thread, e.g. for stats).</summary>
public readonly record struct UdpEndpointCounters(
    long DatagramsReceived,
    long BytesReceived,
    long DatagramsSent,
    long BytesSent,
    long ReceiveTruncations,
    long SendDrops,
    long ReceiveErrors,
    long HandlerFailures);

/// <summary>
/// A non-blocking UDP socket owned by one <see cref="MediaLoop"/>: bound once (<see cref="Bind"/>), read on readiness
/// in batches, written through a send batch that the loop flushes before it sleeps. On an epoll loop (Linux) it reads
/// with recvmmsg(2) and writes with sendmmsg(2) straight from pinned buffers; on a portable loop it uses
/// <c>Socket.ReceiveFrom</c>/<c>SendTo</c> with reused <see cref="SocketAddress"/>es. Either way nothing is allocated
/// per datagram and network conditions never throw: oversize datagrams, full buffers and unreachable peers are
/// counted (<see cref="Counters"/>) and dropped.
/// <para>Memory: received datagrams land in the loop's shared receive slab; each endpoint owns only its send batch,
/// datagrams packed back to back in <see cref="SendBufferBytes"/> (about 36 KB per endpoint with the defaults).</para>
/// <para>Everything but <see cref="Bind"/> before the loop starts must run on the loop thread.</para>
/// </summary>
public sealed unsafe partial class UdpEndpoint : IReadinessHandler, IFlushable, IDisposable
{
    /// <summary>Datagrams read per receive call (one recvmmsg).</summary>
    public const int ReceiveBatchSize = 32;

    /// <summary>Receive calls per readiness, so one busy socket cannot starve the rest of the loop.</summary>
    public const int MaxReceiveBatchesPerReadiness = 8;

    /// <summary>Datagrams queued before the batch is sent (one sendmmsg).</summary>
    public const int SendBatchSize = 32;

    /// <summary>
    /// Bytes of send batch per endpoint (datagrams packed, 8-byte aligned): 32 audio packets or about 26 of 1200
    /// bytes; the batch also goes out when the next slot could not hold a datagram of <see cref="MaxDatagramSize"/>.
    /// </summary>
    public const int SendBufferBytes = 32 * 1024;

    private readonly MediaLoop _loop;
    private readonly PortAllocator _ports;
    private readonly IDatagramHandler _handler;
    private readonly Socket _socket;
    private readonly int _fd;
    private readonly bool _batchSyscalls;
    private readonly bool _ipv6Socket;
    private readonly bool _dualStack;
    private readonly int _maxDatagram;
    private readonly ReceiveSlab _receive;

    // The send batch: one pinned block with the packed datagrams and, on Linux, the iovec/mmsghdr/sockaddr arrays.
    private readonly byte[] _sendBlock;
    private readonly byte* _sendData;
    private readonly int _sendCapacity;
    private readonly int[] _sendOffset = new int[SendBatchSize];
    private readonly int[] _sendLength = new int[SendBatchSize];
    private int _sendCount;
    private int _sendUsed;
    private bool _flushRequested;
    private bool _closed;

    private long _datagramsReceived;
    private long _bytesReceived;
    private long _datagramsSent;
    private long _bytesSent;
    private long _receiveTruncations;
    private long _sendDrops;
    private long _receiveErrors;
    private long _handlerFailures;

    private UdpEndpoint(MediaLoop loop, PortAllocator ports, Socket socket, UdpBindOptions options, ushort port,
        IDatagramHandler handler)
    {
        _loop = loop;
        _ports = ports;
        _socket = socket;
        _handler = handler;
        _batchSyscalls = loop.UsesBatchSyscalls;
        _ipv6Socket = options.Ip.AddressFamily == AddressFamily.InterNetworkV6;
        _dualStack = _ipv6Socket && !options.Ipv6Only;
        _maxDatagram = options.MaxDatagramSize;
        _receive = loop.GetReceiveSlab(_maxDatagram);
        BoundIp = options.Ip;
        Port = port;
        LocalAddress = NetAddress.FromIPAddress(options.Ip, port);
        MaxDatagramSize = _maxDatagram;

        _sendCapacity = Math.Max(SendBufferBytes, (_maxDatagram + 7) & ~7);
        var headers = _batchSyscalls ? SendBatchSize * SendHeaderBytesPerSlot : 0;
        _sendBlock = GC.AllocateArray<byte>(_sendCapacity + headers + 64, pinned: true);
        var start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_sendBlock));
        _sendData = (byte*)(((nuint)start + 63) & ~(nuint)63);
        if (_batchSyscalls)
        {
            InitializeSendHeaders(_sendData + _sendCapacity);
        }
        else
        {
            InitializePortable();
        }

        _fd = (int)socket.Handle;
        loop.Register(_fd, this);
    }

    /// <summary>The loop that owns this endpoint.</summary>
    public MediaLoop Loop => _loop;

    /// <summary>The IP the socket is bound to, as given (may be 0.0.0.0, :: or a multicast group).</summary>
    public IPAddress BoundIp { get; }

    /// <summary>The bound port.</summary>
    public ushort Port { get; }

    /// <summary>The bound IP and port.</summary>
    public NetAddress LocalAddress { get; }

    /// <summary>The largest datagram received or sent (<see cref="UdpBindOptions.MaxDatagramSize"/>).</summary>
    public int MaxDatagramSize { get; }

    /// <summary>True when this endpoint reads and writes with recvmmsg/sendmmsg (an epoll loop).</summary>
    public bool UsesBatchSyscalls => _batchSyscalls;

    public bool IsClosed => _closed;

    /// <summary>Datagrams waiting in the send batch.</summary>
    public int PendingSends => _sendCount;

    public UdpEndpointCounters Counters => new(
        _datagramsReceived, _bytesReceived, _datagramsSent, _bytesSent, _receiveTruncations, _sendDrops,
        _receiveErrors, _handlerFailures);

    /// <summary>
    /// Binds a UDP socket per <paramref name="options"/> (port selection: see <see cref="UdpBindOptions"/> and
    /// <see cref="PortAllocator"/>, using <see cref="MediaLoop.Ports"/>) and registers it with <paramref name="loop"/>,
    /// which will call <paramref name="handler"/> for each datagram. On the loop thread, or before the loop starts.
    /// </summary>
    /// <exception cref="Contracts.TypeError">Invalid options.</exception>
    /// <exception cref="Contracts.SfuException">Error: the address cannot be bound or no port is free.</exception>
    public static UdpEndpoint Bind(MediaLoop loop, UdpBindOptions options, IDatagramHandler handler)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        if (!loop.IsOwnedByCaller)
        {
            throw new InvalidOperationException($"bind UDP endpoints on the loop thread of {loop.Name}");
        }
        var ports = loop.Ports;
        var socket = ports.BindUdp(options, out var port);
        try
        {
            return new UdpEndpoint(loop, ports, socket, options, port, handler);
        }
        catch
        {
            socket.Dispose();
            ports.Release(options.Ip, port);
            throw;
        }
    }

    // ---- receive ----

    /// <summary>Reads until the socket is drained or <see cref="MaxReceiveBatchesPerReadiness"/> batches are done.</summary>
    public void OnReadable(Instant now)
    {
        for (var batch = 0; batch < MaxReceiveBatchesPerReadiness && !_closed; batch++)
        {
            var read = _batchSyscalls ? ReceiveBatch(now) : ReceivePortable(now);
            if (read < ReceiveBatchSize)
            {
                return;
            }
        }
        // Stopped at the limit with data likely left: the loop should look again without sleeping (epoll would
        // report the socket again anyway; the portable poller would otherwise wait out its poll interval).
        _loop.RequestImmediateRound();
    }

    /// <summary>Counts and delivers one received datagram (both paths).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Deliver(byte* data, int length, in NetAddress remote, Instant now)
    {
        if (length > _maxDatagram)
        {
            _receiveTruncations++;
            return;
        }
        _datagramsReceived++;
        _bytesReceived += length;
        try
        {
            _handler.OnDatagram(this, new Span<byte>(data, length), remote, now);
        }
        catch (Exception e)
        {
            // A handler bug must not lose the rest of the batch; log the 1st, 2nd, 4th, 8th … failure only.
            if (BitOperations.IsPow2(++_handlerFailures))
            {
                _loop.ReportFailure(e, "UDP datagram handler");
            }
        }
    }

    /// <summary>The remote as the API shows it: on a dual-stack socket, ::ffff:a.b.c.d reads as a.b.c.d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private NetAddress Normalize(in NetAddress remote) => _dualStack ? remote.MapToIPv4() : remote;

    // ---- send ----

    /// <summary>
    /// Copies <paramref name="datagram"/> into the send batch for <paramref name="to"/>. False (and counted as a send
    /// drop) when the endpoint is closed, the datagram is larger than <see cref="MaxDatagramSize"/>, or the address
    /// family cannot be reached from this socket. The batch goes out when full or before the loop sleeps.
    /// </summary>
    public bool TrySend(ReadOnlySpan<byte> datagram, in NetAddress to)
    {
        if (_closed || datagram.Length > _maxDatagram)
        {
            _sendDrops++;
            return false;
        }
        datagram.CopyTo(GetSendSlot());
        return Commit(datagram.Length, to);
    }

    /// <summary>
    /// The next free slot of the send batch (<see cref="MaxDatagramSize"/> bytes), to write or encrypt a datagram in
    /// place; then <see cref="Commit"/> it, once. Valid until that <see cref="Commit"/>, the next
    /// <see cref="TrySend"/> or a flush. Empty when the endpoint is closed.
    /// </summary>
    public Span<byte> GetSendSlot()
    {
        if (_closed)
        {
            return Span<byte>.Empty;
        }
        if (!HasRoomForAnother)
        {
            SendBatch();
        }
        return new Span<byte>(_sendData + _sendUsed, _maxDatagram);
    }

    /// <summary>
    /// Queues the first <paramref name="length"/> bytes of the slot from <see cref="GetSendSlot"/> for
    /// <paramref name="to"/>. False (counted as a send drop) as for <see cref="TrySend"/>.
    /// </summary>
    public bool Commit(int length, in NetAddress to)
    {
        if (_closed || (uint)length > (uint)_maxDatagram || !TryResolveDestination(to, out var destination))
        {
            _sendDrops++;
            return false;
        }
        var index = _sendCount;
        _sendOffset[index] = _sendUsed;
        _sendLength[index] = length;
        if (_batchSyscalls)
        {
            PrepareBatchSend(index, length, destination);
        }
        else
        {
            PreparePortableSend(index, destination);
        }
        _sendCount = index + 1;
        _sendUsed += (length + 7) & ~7;
        if (!HasRoomForAnother)
        {
            SendBatch();
        }
        else if (!_flushRequested)
        {
            _flushRequested = true;
            _loop.RequestFlush(this);
        }
        return true;
    }

    /// <summary>Whether the batch can take one more datagram of the largest size.</summary>
    private bool HasRoomForAnother => _sendCount < SendBatchSize && _sendCapacity - _sendUsed >= _maxDatagram;

    /// <summary>Sends what is queued now. The loop calls it before it sleeps; callers rarely need to.</summary>
    public void Flush()
    {
        _flushRequested = false;
        if (_sendCount > 0 && !_closed)
        {
            SendBatch();
        }
    }

    private void SendBatch()
    {
        if (_batchSyscalls)
        {
            SendBatchMmsg();
        }
        else
        {
            SendBatchPortable();
        }
        _sendCount = 0;
        _sendUsed = 0;
    }

    /// <summary>The address as this socket can reach it, or false: IPv4 goes out of a dual-stack IPv6 socket mapped.</summary>
    private bool TryResolveDestination(in NetAddress to, out NetAddress destination)
    {
        if (_ipv6Socket)
        {
            if (to.IsIPv6 && (_dualStack || !to.IsIPv4MappedToIPv6))
            {
                destination = to;
                return true;
            }
            if (to.IsIPv4 && _dualStack)
            {
                destination = to.MapToIPv6();
                return true;
            }
        }
        else
        {
            if (to.IsIPv4)
            {
                destination = to;
                return true;
            }
            if (to.IsIPv4MappedToIPv6)
            {
                destination = to.MapToIPv4();
                return true;
            }
        }
        destination = default;
        return false;
    }

    // ---- lifetime ----

    /// <summary>
    /// Sends what is queued, unregisters from the loop, closes the socket and frees the port. Idempotent. On the loop
    /// thread (or when the loop is not running).
    /// </summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }
        if (!_loop.IsOwnedByCaller)
        {
            throw new InvalidOperationException($"close UDP endpoints on the loop thread of {_loop.Name}");
        }
        if (_sendCount > 0)
        {
            SendBatch();
        }
        _closed = true;
        _loop.Unregister(_fd);
        _socket.Dispose();
        _ports.Release(BoundIp, Port);
    }

    public void Dispose() => Close();

    public override string ToString() => $"udp {LocalAddress}";
}
