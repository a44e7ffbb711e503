using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sfu.Interop.Tests.Harness;
using Sfu.Media.Rtp;

namespace Sfu.Interop.Tests.Sfu;

/// <summary>What a <see cref="UdpPeer"/> saw of one datagram it received.</summary>
/// <param name="IsRtcp">RTCP by RFC 5761 (second octet 192–223), else taken as RTP.</param>
/// <param name="Ssrc">RTP: the SSRC; RTCP: the first packet's sender SSRC.</param>
/// <param name="SequenceNumber">RTP only.</param>
/// <param name="PayloadType">RTP: the payload type; RTCP: the first packet's type (200 = SR, 201 = RR, …).</param>
public readonly record struct PeerDatagram(bool IsRtcp, uint Ssrc, ushort SequenceNumber, byte PayloadType, int Length);

/// <summary>
/// A UDP socket on 127.0.0.1 that a test sends RTP/RTCP from and receives the SFU's datagrams on, without any tool.
/// A thread reads every datagram, counts it (RTP per SSRC, RTCP per packet type) and keeps a summary of each, so a test
/// can wait for "N more packets" with a timeout instead of sleeping.
/// </summary>
public sealed class UdpPeer : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly Waiters _waiters = new();
    private readonly Lock _gate = new();
    private readonly List<PeerDatagram> _received = [];
    private readonly Dictionary<uint, int> _rtpBySsrc = [];
    private readonly Dictionary<byte, int> _rtcpByType = [];
    private readonly bool _keepSummaries;
    private int _rtp;
    private int _rtcp;
    private volatile bool _disposed;

    private UdpPeer(string name, bool keepSummaries)
    {
        Name = name;
        _keepSummaries = keepSummaries;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = 4 << 20,
            SendBufferSize = 4 << 20,
        };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _thread = new Thread(Receive) { IsBackground = true, Name = $"udp-peer {name}" };
        _thread.Start();
    }

    public string Name { get; }

    /// <summary>Where this peer receives (and what it sends from).</summary>
    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>Starts a peer. <paramref name="keepSummaries"/>: keep a <see cref="PeerDatagram"/> per datagram.</summary>
    public static UdpPeer Start(string name, bool keepSummaries = true) => new(name, keepSummaries);

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint to) => _socket.SendTo(datagram, SocketFlags.None, to);

    /// <summary>RTP datagrams received so far.</summary>
    public int RtpCount
    {
        get
        {
            lock (_gate)
            {
                return _rtp;
            }
        }
    }

    /// <summary>RTCP datagrams received so far.</summary>
    public int RtcpCount
    {
        get
        {
            lock (_gate)
            {
                return _rtcp;
            }
        }
    }

    /// <summary>RTP datagrams received with <paramref name="ssrc"/>.</summary>
    public int RtpCountOf(uint ssrc)
    {
        lock (_gate)
        {
            return _rtpBySsrc.GetValueOrDefault(ssrc);
        }
    }

    /// <summary>RTCP compounds received whose first packet is of <paramref name="packetType"/> (200 = SR).</summary>
    public int RtcpCountOf(byte packetType)
    {
        lock (_gate)
        {
            return _rtcpByType.GetValueOrDefault(packetType);
        }
    }

    /// <summary>A copy of the summaries kept so far (in arrival order).</summary>
    public PeerDatagram[] Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Completes once <paramref name="condition"/> holds (checked after every datagram), or fails after <paramref name="timeout"/>.</summary>
    public Task WaitAsync(Func<UdpPeer, bool> condition, TimeSpan timeout, string what) =>
        _waiters.WaitAsync((out bool done) => done = condition(this), timeout,
            () => $"{Name}: timed out after {timeout.TotalSeconds:0.#} s waiting for {what} (rtp {RtpCount}, rtcp {RtcpCount})");

    /// <summary>Completes once at least <paramref name="count"/> RTP datagrams have arrived in all.</summary>
    public Task WaitForRtpAsync(int count, TimeSpan timeout) =>
        WaitAsync(p => p.RtpCount >= count, timeout, $"{count} RTP packets");

    /// <summary>Completes once at least <paramref name="count"/> RTP datagrams with <paramref name="ssrc"/> have arrived.</summary>
    public Task WaitForRtpAsync(uint ssrc, int count, TimeSpan timeout) =>
        WaitAsync(p => p.RtpCountOf(ssrc) >= count, timeout, $"{count} RTP packets with SSRC {ssrc}");

    private void Receive()
    {
        var buffer = new byte[65536];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        try
        {
            while (!_disposed)
            {
                var length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
                Record(buffer.AsSpan(0, length));
                _waiters.Signal();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Disposed (or the socket failed): waiters learn it below.
        }
        finally
        {
            _waiters.End(() => $"{Name}: the socket closed");
        }
    }

    private void Record(ReadOnlySpan<byte> datagram)
    {
        PeerDatagram summary;
        if (RtpPacketView.IsRtcp(datagram) && datagram.Length >= 8)
        {
            summary = new PeerDatagram(true, BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]), 0, datagram[1], datagram.Length);
        }
        else if (datagram.Length >= 12)
        {
            summary = new PeerDatagram(false, BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]),
                BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]), (byte)(datagram[1] & 0x7F), datagram.Length);
        }
        else
        {
            return;
        }
        lock (_gate)
        {
            if (summary.IsRtcp)
            {
                _rtcp++;
                _rtcpByType[summary.PayloadType] = _rtcpByType.GetValueOrDefault(summary.PayloadType) + 1;
            }
            else
            {
                _rtp++;
                _rtpBySsrc[summary.Ssrc] = _rtpBySsrc.GetValueOrDefault(summary.Ssrc) + 1;
            }
            if (_keepSummaries)
            {
                _received.Add(summary);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
