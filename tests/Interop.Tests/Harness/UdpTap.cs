using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sfu.Media.Rtp;
using Sfu.Media.Srtp;

namespace Sfu.Interop.Tests.Harness;

/// <summary>A point in a tap's packet sequence: "packets after this" are those with <see cref="TappedPacket.Index"/> ≥ <see cref="PacketIndex"/>.</summary>
public readonly record struct TapMark(int PacketIndex);

/// <summary>How a <see cref="UdpTap"/> reads and relays.</summary>
public sealed record UdpTapOptions
{
    /// <summary>Names the tap in failure messages.</summary>
    public string Name { get; init; } = "tap";

    /// <summary>
    /// The SRTP key of the stream passing through: the tap decrypts a copy of each packet with
    /// <see cref="SrtpContext"/> (so payloads, e.g. VP8 key frames, can be checked) and forwards the original bytes.
    /// Null: packets are taken as plain RTP (tapping SRTP without its key would record ciphertext as payload).
    /// </summary>
    public SrtpKeying? Srtp { get; init; }

    /// <summary>
    /// Whether RTCP (RFC 5761 demultiplexing) is relayed to the receiver. Off by default: a GStreamer
    /// <c>udpsrc ! rtpjitterbuffer</c> receiver takes muxed RTCP for RTP and warns "Could not decode stream".
    /// RTCP is counted either way.
    /// </summary>
    public bool ForwardRtcp { get; init; }
}

/// <summary>
/// One RTP packet that went through a tap, in arrival order, as plain RTP (decrypted when the tap has the SRTP key).
/// </summary>
public sealed record TappedPacket
{
    /// <summary>0-based arrival order among the RTP packets of this tap.</summary>
    public required int Index { get; init; }

    /// <summary>When it arrived, since the tap started.</summary>
    public required TimeSpan Arrival { get; init; }

    public required uint Ssrc { get; init; }

    public required ushort SequenceNumber { get; init; }

    public required uint Timestamp { get; init; }

    public required byte PayloadType { get; init; }

    public required bool Marker { get; init; }

    /// <summary>The datagram's length on the wire (with the SRTP tag, if any).</summary>
    public required int DatagramLength { get; init; }

    /// <summary>Whether the tap decrypted the packet (it had the SRTP key).</summary>
    public required bool Decrypted { get; init; }

    /// <summary>A copy of the RTP packet (decrypted, without the SRTP tag, when the tap has the key).</summary>
    public required byte[] Packet { get; init; }

    /// <summary>Where the payload starts in <see cref="Packet"/> (after CSRCs and header extensions).</summary>
    public required int PayloadOffset { get; init; }

    /// <summary>The payload's length (without padding).</summary>
    public required int PayloadLength { get; init; }

    public ReadOnlySpan<byte> Payload => Packet.AsSpan(PayloadOffset, PayloadLength);

    /// <summary>Whether this is the first packet of a VP8 key frame (RFC 7741: S = 1, PID = 0, P = 0, start code).</summary>
    public bool IsVp8KeyFrameStart => Vp8PayloadDescriptor.IsKeyFrameStart(Payload);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"#{Index} ssrc={Ssrc} seq={SequenceNumber} ts={Timestamp} pt={PayloadType}{(Marker ? " M" : "")} len={DatagramLength}{(IsVp8KeyFrameStart ? " VP8-key" : "")}");
}

/// <summary>
/// A UDP relay on 127.0.0.1 placed in front of a receiver (or of the SFU): every datagram that arrives is forwarded
/// unchanged to <see cref="ForwardTo"/>, and every RTP packet is recorded (<see cref="TappedPacket"/>), so a test
/// can assert what went over the wire: counts, sequence numbers, key frames, "nothing after this mark".
/// Datagrams coming back from <see cref="ForwardTo"/> are relayed to the last upstream sender.
/// </summary>
public sealed class UdpTap : IDisposable
{
    private const int MaxDatagram = 65_536;

    private readonly Socket _socket;
    private readonly UdpTapOptions _options;
    private readonly SrtpContext? _srtp;
    private readonly Thread _thread;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly List<TappedPacket> _packets = [];
    private readonly Waiters _waiters = new();
    private IPEndPoint? _upstream;
    private int _rtcpCount;
    private int _rejectedCount;
    private int _reverseCount;
    private string? _lastRejection;
    private volatile bool _disposed;

    private UdpTap(Socket socket, IPEndPoint forwardTo, UdpTapOptions options)
    {
        _socket = socket;
        _options = options;
        ForwardTo = forwardTo;
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _srtp = options.Srtp?.CreateContext();
        _thread = new Thread(Run) { IsBackground = true, Name = $"UdpTap {options.Name} :{EndPoint.Port}" };
    }

    /// <summary>Where to send: 127.0.0.1 and the tap's port.</summary>
    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>Where every datagram is relayed to.</summary>
    public IPEndPoint ForwardTo { get; }

    /// <summary>RTP packets recorded so far.</summary>
    public int PacketCount
    {
        get
        {
            lock (_gate)
            {
                return _packets.Count;
            }
        }
    }

    /// <summary>RTCP packets seen (relayed only with <see cref="UdpTapOptions.ForwardRtcp"/>).</summary>
    public int RtcpCount => Volatile.Read(ref _rtcpCount);

    /// <summary>Datagrams that were not readable RTP or RTCP, or that failed SRTP unprotection; they are still relayed.</summary>
    public int RejectedCount => Volatile.Read(ref _rejectedCount);

    /// <summary>Datagrams relayed back from the receiver to the upstream sender.</summary>
    public int ReverseCount => Volatile.Read(ref _reverseCount);

    /// <summary>A snapshot of every recorded RTP packet.</summary>
    public IReadOnlyList<TappedPacket> Packets
    {
        get
        {
            lock (_gate)
            {
                return [.. _packets];
            }
        }
    }

    /// <summary>Opens a tap on 127.0.0.1 (a port the kernel picks, or <paramref name="port"/>) relaying to <paramref name="forwardTo"/>.</summary>
    public static UdpTap Start(IPEndPoint forwardTo, UdpTapOptions? options = null, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(forwardTo);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = 1 << 20;
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var tap = new UdpTap(socket, forwardTo, options ?? new UdpTapOptions());
        tap._thread.Start();
        return tap;
    }

    /// <summary>Marks the present: later packets are "since" this mark.</summary>
    public TapMark Mark() => new(PacketCount);

    /// <summary>The packets recorded since <paramref name="mark"/>.</summary>
    public IReadOnlyList<TappedPacket> PacketsSince(TapMark mark)
    {
        lock (_gate)
        {
            int start = Math.Clamp(mark.PacketIndex, 0, _packets.Count);
            return _packets.GetRange(start, _packets.Count - start);
        }
    }

    /// <summary>How many packets were recorded since <paramref name="mark"/>.</summary>
    public int CountSince(TapMark mark) => Math.Max(0, PacketCount - mark.PacketIndex);

    /// <summary>Waits until <paramref name="count"/> packets in all have been recorded.</summary>
    public Task WaitForPacketsAsync(int count, TimeSpan timeout) => WaitForPacketsAsync(default, count, timeout);

    /// <summary>Waits until <paramref name="count"/> packets have been recorded since <paramref name="since"/>.</summary>
    public Task WaitForPacketsAsync(TapMark since, int count, TimeSpan timeout) =>
        _waiters.WaitAsync(
            (out int seen) =>
            {
                seen = CountSince(since);
                return seen >= count;
            },
            timeout,
            () => Describe($"timed out after {timeout.TotalSeconds:0.#} s waiting for {count} RTP packets since #{since.PacketIndex}; got {CountSince(since)}"));

    /// <summary>The first packet since <paramref name="since"/> that matches <paramref name="predicate"/>, as soon as it arrives.</summary>
    public Task<TappedPacket> WaitForPacketAsync(Func<TappedPacket, bool> predicate, TimeSpan timeout, TapMark since = default, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        int cursor = since.PacketIndex;
        return _waiters.WaitAsync(
            (out TappedPacket found) =>
            {
                lock (_gate)
                {
                    for (; cursor < _packets.Count; cursor++)
                    {
                        if (predicate(_packets[cursor]))
                        {
                            found = _packets[cursor];
                            return true;
                        }
                    }
                }

                found = null!;
                return false;
            },
            timeout,
            () => Describe($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what ?? "a matching packet"} since #{since.PacketIndex}"));
    }

    /// <summary>The first packet since <paramref name="since"/> (e.g. "the first packet after resume").</summary>
    public Task<TappedPacket> WaitForNextPacketAsync(TapMark since, TimeSpan timeout) =>
        WaitForPacketAsync(_ => true, timeout, since, "the next packet");

    /// <summary>The first VP8 key frame start since <paramref name="since"/>.</summary>
    public Task<TappedPacket> WaitForVp8KeyFrameAsync(TimeSpan timeout, TapMark since = default) =>
        WaitForPacketAsync(p => p.IsVp8KeyFrameStart, timeout, since, "the start of a VP8 key frame");

    /// <summary>A failure message: the problem, the tap's counters and its last packets.</summary>
    public string Describe(string problem)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{_options.Name} {EndPoint} → {ForwardTo}: {problem}").AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"  rtp={PacketCount} rtcp={RtcpCount} rejected={RejectedCount} reverse={ReverseCount} srtp={(_options.Srtp?.CryptoSuite ?? "none")}");
        if (_lastRejection is { } rejection)
        {
            text.Append(" last rejection: ").Append(rejection);
        }

        text.AppendLine();
        IReadOnlyList<TappedPacket> last;
        lock (_gate)
        {
            int start = Math.Max(0, _packets.Count - 10);
            last = _packets.GetRange(start, _packets.Count - start);
        }

        foreach (var packet in last)
        {
            text.Append("    ").AppendLine(packet.ToString());
        }

        return text.ToString();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _socket.Dispose();
        _thread.Join();
        _srtp?.Dispose();
        _waiters.End(() => Describe("the tap was closed"));
    }

    private void Run()
    {
        byte[] datagram = new byte[MaxDatagram];
        byte[] scratch = new byte[MaxDatagram];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_disposed)
        {
            int length;
            EndPoint remote = any;
            try
            {
                length = _socket.ReceiveFrom(datagram, ref remote);
            }
            catch (SocketException) when (!_disposed)
            {
                // An ICMP error from an earlier send to a port nobody listens on (some platforms report it here): ignore.
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            var from = (IPEndPoint)remote;
            if (from.Equals(ForwardTo))
            {
                if (_upstream is { } upstream)
                {
                    // Counted before it leaves: whoever receives it may read the count at once.
                    Interlocked.Increment(ref _reverseCount);
                    Send(datagram.AsSpan(0, length), upstream);
                }

                continue;
            }

            _upstream = from;
            bool forward = Record(datagram.AsSpan(0, length), scratch);
            if (forward)
            {
                Send(datagram.AsSpan(0, length), ForwardTo);
            }
        }
    }

    private void Send(ReadOnlySpan<byte> datagram, IPEndPoint to)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
        }
        catch (SocketException)
        {
            // The receiver is not listening (yet): the datagram is lost, as it would be on a real network.
        }
        catch (ObjectDisposedException)
        {
            // Closing.
        }
    }

    /// <summary>Records one datagram; returns whether to relay it.</summary>
    private bool Record(ReadOnlySpan<byte> datagram, byte[] scratch)
    {
        if (datagram.Length < RtpPacketView.FixedHeaderLength || (datagram[0] >> 6) != 2)
        {
            Reject("not RTP/RTCP");
            return true;
        }

        if (datagram[1] >= 192 && datagram[1] <= 223)
        {
            Interlocked.Increment(ref _rtcpCount);
            return _options.ForwardRtcp;
        }

        datagram.CopyTo(scratch);
        int plainLength = datagram.Length;
        if (_srtp is not null && !_srtp.TryUnprotectRtp(scratch, datagram.Length, out plainLength, out var srtpError))
        {
            Reject($"SRTP {srtpError}");
            return true;
        }

        var packetBytes = scratch.AsSpan(0, plainLength);
        if (!RtpPacketView.TryParse(packetBytes, out var view, out var parseError))
        {
            Reject($"RTP {parseError}");
            return true;
        }

        int payloadOffset = view.HeaderLength;
        int payloadLength = view.PayloadLength;
        lock (_gate)
        {
            _packets.Add(new TappedPacket
            {
                Index = _packets.Count,
                Arrival = _clock.Elapsed,
                Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packetBytes[8..]),
                SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packetBytes[2..]),
                Timestamp = BinaryPrimitives.ReadUInt32BigEndian(packetBytes[4..]),
                PayloadType = (byte)(packetBytes[1] & 0x7f),
                Marker = (packetBytes[1] & 0x80) != 0,
                DatagramLength = datagram.Length,
                Decrypted = _srtp is not null,
                Packet = packetBytes.ToArray(),
                PayloadOffset = payloadOffset,
                PayloadLength = payloadLength,
            });
        }

        _waiters.Signal();
        return true;
    }

    private void Reject(string why)
    {
        _lastRejection = why;
        Interlocked.Increment(ref _rejectedCount);
    }
}
