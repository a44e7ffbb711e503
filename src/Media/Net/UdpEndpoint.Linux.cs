using System.Runtime.InteropServices;
using Sfu.Media.Time;

namespace Sfu.Media.Net;

/// <summary>
/// The epoll loop's path: recvmmsg(2) into the loop's receive slab, sendmmsg(2) from the send batch, with UDP generic
/// segmentation offload (UDP_SEGMENT, Linux 4.18) for runs of datagrams to one destination.
/// </summary>
public sealed unsafe partial class UdpEndpoint
{
    /// <summary>Room for a sockaddr_in6 (28 bytes), 8-aligned.</summary>
    private const int SendNameStride = 32;

    /// <summary>CMSG_SPACE(sizeof(uint16)): a cmsghdr and the UDP_SEGMENT size, 8-aligned.</summary>
    private const int GsoControlStride = 24;

    /// <summary>Most datagrams one GSO message carries (the kernel's UDP_MAX_SEGMENTS is 64 on older kernels).</summary>
    private const int MaxGsoSegments = 64;

    /// <summary>
    /// The largest datagram sent by segmentation: one that fits a 1500-byte MTU under IPv6 and UDP headers (the kernel
    /// refuses a segment size the path MTU cannot carry). Larger datagrams go one by one.
    /// </summary>
    private const int MaxGsoSegmentSize = 1452;

    /// <summary>Most bytes one GSO message carries (an IP datagram's limit, less headers).</summary>
    private const int MaxGsoBytes = 65_000;

    /// <summary>Per send slot: its sockaddr, iovec, plain mmsghdr, GSO mmsghdr and GSO control message.</summary>
    private static int SendHeaderBytesPerSlot => SendNameStride + sizeof(LibC.IoVec) + 2 * sizeof(LibC.MMsgHdr) + GsoControlStride;

    private readonly int[] _gsoFirst = new int[SendBatchSize];
    private readonly int[] _gsoCount = new int[SendBatchSize];
    private byte* _sendNames;
    private LibC.MMsgHdr* _sendMsgs;
    private LibC.MMsgHdr* _gsoMsgs;
    private byte* _gsoControl;

    /// <summary>
    /// Whether runs of datagrams to one destination go out as one UDP_SEGMENT message each. On until the kernel refuses
    /// one (no GSO support, or a path MTU below the segment size): then this endpoint sends one by one for good.
    /// </summary>
    private bool _gso = true;

    /// <summary>Whether this endpoint still sends runs with UDP generic segmentation offload (Linux batch path).</summary>
    internal bool UsesGso => _batchSyscalls && _gso;

    /// <summary>Points every send mmsghdr at its iovec and its sockaddr, once; the iovec bases are set per datagram.</summary>
    private void InitializeSendHeaders(byte* area)
    {
        _sendNames = area;
        var iovs = (LibC.IoVec*)(_sendNames + SendBatchSize * SendNameStride);
        _sendMsgs = (LibC.MMsgHdr*)(iovs + SendBatchSize);
        _gsoMsgs = _sendMsgs + SendBatchSize;
        _gsoControl = (byte*)(_gsoMsgs + SendBatchSize);
        for (var i = 0; i < SendBatchSize; i++)
        {
            _sendMsgs[i].Header.Name = _sendNames + i * SendNameStride;
            _sendMsgs[i].Header.Iov = iovs + i;
            _sendMsgs[i].Header.IovLength = 1;
            var control = (LibC.CMsgHdr*)(_gsoControl + i * GsoControlStride);
            control->Length = (nuint)(sizeof(LibC.CMsgHdr) + sizeof(ushort));
            control->Level = LibC.SOL_UDP;
            control->Type = LibC.UDP_SEGMENT;
        }
    }

    /// <summary>One recvmmsg; delivers what it read and returns the count (0 when drained or on error).</summary>
    private int ReceiveBatch(Instant now)
    {
        var messages = _receive.Messages;
        for (var i = 0; i < ReceiveBatchSize; i++)
        {
            // The kernel writes the name length and flags back: reset them for this call.
            messages[i].Header.NameLength = ReceiveSlab.NameStride;
            messages[i].Header.Flags = 0;
        }
        int count;
        do
        {
            count = LibC.recvmmsg(_fd, messages, ReceiveBatchSize, LibC.MSG_DONTWAIT, null);
        }
        while (count < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);
        if (count <= 0)
        {
            if (count < 0 && Marshal.GetLastPInvokeError() != LibC.EAGAIN)
            {
                _receiveErrors++; // e.g. an ICMP error queued on the socket; reading it cleared it
            }
            return 0;
        }
        _loop.NoteDatagramsReceived(count);
        for (var i = 0; i < count && !_closed; i++)
        {
            ref var message = ref messages[i];
            if ((message.Header.Flags & LibC.MSG_TRUNC) != 0)
            {
                _receiveTruncations++;
                continue;
            }
            var nameLength = (int)Math.Min(message.Header.NameLength, (uint)ReceiveSlab.NameStride);
            if (!NetAddress.TryReadLinuxSockaddr(new ReadOnlySpan<byte>(message.Header.Name, nameLength), out var remote))
            {
                _receiveErrors++;
                continue;
            }
            Deliver(_receive.Data + i * _receive.SlotStride, (int)message.Length, Normalize(remote), now);
        }
        return count;
    }

    /// <summary>Points send slot <paramref name="index"/> at its datagram and writes its destination sockaddr.</summary>
    private void PrepareBatchSend(int index, int length, in NetAddress destination)
    {
        ref var message = ref _sendMsgs[index];
        message.Header.NameLength =
            (uint)destination.WriteLinuxSockaddr(new Span<byte>(_sendNames + index * SendNameStride, SendNameStride));
        message.Header.Iov->Base = _sendData + _sendOffset[index];
        message.Header.Iov->Length = (nuint)length;
    }

    /// <summary>
    /// sendmmsg until the batch is out: runs to one destination as GSO messages while the kernel takes them, the rest
    /// one datagram per message.
    /// </summary>
    private void SendBatchMmsg()
    {
        var next = _gso ? SendBatchGso() : 0;
        if (next < _sendCount)
        {
            SendBatchPlain(next);
        }
    }

    /// <summary>
    /// Sends the batch as one message per run of datagrams to one destination, all of one size but the last (which may
    /// be shorter), with UDP_SEGMENT set to that size: the kernel routes and builds one buffer per run and splits it
    /// into the very same datagrams further down (in the driver or, on loopback, at the receiving socket), which saves
    /// most of the per-datagram cost of the send path. A single datagram goes as a plain message. Returns the index of
    /// the first datagram left unsent because the kernel refused segmentation (GSO is then off for this endpoint), or
    /// <see cref="_sendCount"/>. Loss and error accounting as in <see cref="SendBatchPlain"/>, per message.
    /// </summary>
    private int SendBatchGso()
    {
        var messages = 0;
        for (var i = 0; i < _sendCount;)
        {
            var first = i;
            var size = _sendLength[i];
            var total = size;
            i++;
            if (size is > 0 and <= MaxGsoSegmentSize)
            {
                while (i < _sendCount && i - first < MaxGsoSegments && _sendLength[i - 1] == size
                       && _sendLength[i] is > 0 && _sendLength[i] <= size && total + _sendLength[i] <= MaxGsoBytes
                       && SameDestination(first, i))
                {
                    total += _sendLength[i];
                    i++;
                }
            }

            ref var message = ref _gsoMsgs[messages];
            message.Header = _sendMsgs[first].Header; // its name and its iovec, the first of the run's consecutive ones
            message.Header.IovLength = (nuint)(i - first);
            if (i - first > 1)
            {
                var control = _gsoControl + messages * GsoControlStride;
                *(ushort*)(control + sizeof(LibC.CMsgHdr)) = (ushort)size;
                message.Header.Control = control;
                message.Header.ControlLength = GsoControlStride;
            }
            else
            {
                message.Header.Control = null;
                message.Header.ControlLength = 0;
            }
            _gsoFirst[messages] = first;
            _gsoCount[messages] = i - first;
            messages++;
        }

        var next = 0;
        while (next < messages)
        {
            var sent = LibC.sendmmsg(_fd, _gsoMsgs + next, (uint)(messages - next), LibC.MSG_DONTWAIT);
            if (sent > 0)
            {
                for (var m = next; m < next + sent; m++)
                {
                    for (var d = _gsoFirst[m]; d < _gsoFirst[m] + _gsoCount[m]; d++)
                    {
                        _datagramsSent++;
                        _bytesSent += _sendLength[d];
                    }
                }
                next += sent;
                continue;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR)
            {
                continue;
            }
            if (errno == LibC.EAGAIN || errno == LibC.ENOBUFS)
            {
                _sendDrops += _sendCount - _gsoFirst[next];
                return _sendCount;
            }
            if (_gsoCount[next] > 1 && errno is LibC.EINVAL or LibC.EIO or LibC.EMSGSIZE)
            {
                _gso = false; // segmentation refused: from this run on, one datagram per message
                return _gsoFirst[next];
            }
            _sendDrops += _gsoCount[next];
            next++;
        }
        return _sendCount;
    }

    /// <summary>Whether send slots <paramref name="a"/> and <paramref name="b"/> go to the same sockaddr.</summary>
    private bool SameDestination(int a, int b)
    {
        var length = _sendMsgs[a].Header.NameLength;
        return length == _sendMsgs[b].Header.NameLength
            && new ReadOnlySpan<byte>(_sendNames + a * SendNameStride, (int)length)
                .SequenceEqual(new ReadOnlySpan<byte>(_sendNames + b * SendNameStride, (int)length));
    }

    /// <summary>
    /// sendmmsg, one datagram per message, from datagram <paramref name="next"/> until the batch is out. A full socket
    /// buffer (EAGAIN/ENOBUFS) drops the rest of the batch; any other error (unreachable network, refused address)
    /// drops only the datagram it came from.
    /// </summary>
    private void SendBatchPlain(int next)
    {
        while (next < _sendCount)
        {
            var sent = LibC.sendmmsg(_fd, _sendMsgs + next, (uint)(_sendCount - next), LibC.MSG_DONTWAIT);
            if (sent > 0)
            {
                for (var i = next; i < next + sent; i++)
                {
                    _datagramsSent++;
                    _bytesSent += _sendLength[i];
                }
                next += sent;
                continue;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR)
            {
                continue;
            }
            if (errno == LibC.EAGAIN || errno == LibC.ENOBUFS)
            {
                _sendDrops += _sendCount - next;
                return;
            }
            _sendDrops++;
            next++;
        }
    }
}
