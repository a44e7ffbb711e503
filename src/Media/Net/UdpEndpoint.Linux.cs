using System.Runtime.InteropServices;
using Sfu.Media.Time;

namespace Sfu.Media.Net;

/// <summary>The epoll loop's path: recvmmsg(2) into the loop's receive slab, sendmmsg(2) from the send batch.</summary>
public sealed unsafe partial class UdpEndpoint
{
    /// <summary>Room for a sockaddr_in6 (28 bytes), 8-aligned.</summary>
    private const int SendNameStride = 32;

    private byte* _sendNames;
    private LibC.MMsgHdr* _sendMsgs;

    /// <summary>Points every send mmsghdr at its iovec and its sockaddr, once; the iovec bases are set per datagram.</summary>
    private void InitializeSendHeaders(byte* area)
    {
        _sendNames = area;
        var iovs = (LibC.IoVec*)(_sendNames + SendBatchSize * SendNameStride);
        _sendMsgs = (LibC.MMsgHdr*)(iovs + SendBatchSize);
        for (var i = 0; i < SendBatchSize; i++)
        {
            _sendMsgs[i].Header.Name = _sendNames + i * SendNameStride;
            _sendMsgs[i].Header.Iov = iovs + i;
            _sendMsgs[i].Header.IovLength = 1;
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
    /// sendmmsg until the batch is out. A full socket buffer (EAGAIN/ENOBUFS) drops the rest of the batch; any other
    /// error (unreachable network, refused address) drops only the datagram it came from.
    /// </summary>
    private void SendBatchMmsg()
    {
        var next = 0;
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
