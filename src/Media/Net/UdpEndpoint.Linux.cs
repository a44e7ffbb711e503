using System.Runtime.InteropServices;
using Sfu.Media.Time;

namespace Sfu.Media.Net;

/// <summary>The epoll loop's path: recvmmsg(2)/sendmmsg(2) over headers built once in the pinned block.</summary>
public sealed unsafe partial class UdpEndpoint
{
    private byte* _recvNames;
    private byte* _sendNames;
    private LibC.MMsgHdr* _recvMsgs;
    private LibC.MMsgHdr* _sendMsgs;

    /// <summary>Points every mmsghdr at its iovec, its slot and its sockaddr_storage, once.</summary>
    private void InitializeBatchHeaders(byte* area)
    {
        _recvNames = area;
        _sendNames = _recvNames + ReceiveBatchSize * NameStride;
        var iovs = (LibC.IoVec*)(_sendNames + SendBatchSize * NameStride);
        var recvIov = iovs;
        var sendIov = iovs + ReceiveBatchSize;
        _recvMsgs = (LibC.MMsgHdr*)(sendIov + SendBatchSize);
        _sendMsgs = _recvMsgs + ReceiveBatchSize;
        for (var i = 0; i < ReceiveBatchSize; i++)
        {
            recvIov[i].Base = _recvData + i * _slotStride;
            recvIov[i].Length = (nuint)(_maxDatagram + 1);
            _recvMsgs[i].Header.Name = _recvNames + i * NameStride;
            _recvMsgs[i].Header.Iov = recvIov + i;
            _recvMsgs[i].Header.IovLength = 1;
        }
        for (var i = 0; i < SendBatchSize; i++)
        {
            sendIov[i].Base = _sendData + i * _slotStride;
            _sendMsgs[i].Header.Name = _sendNames + i * NameStride;
            _sendMsgs[i].Header.Iov = sendIov + i;
            _sendMsgs[i].Header.IovLength = 1;
        }
    }

    /// <summary>One recvmmsg; delivers what it read and returns the count (0 when drained or on error).</summary>
    private int ReceiveBatch(Instant now)
    {
        for (var i = 0; i < ReceiveBatchSize; i++)
        {
            // The kernel writes the name length and flags back: reset them for this call.
            _recvMsgs[i].Header.NameLength = NameStride;
            _recvMsgs[i].Header.Flags = 0;
        }
        int count;
        do
        {
            count = LibC.recvmmsg(_fd, _recvMsgs, ReceiveBatchSize, LibC.MSG_DONTWAIT, null);
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
            ref var message = ref _recvMsgs[i];
            var data = _recvData + i * _slotStride;
            if ((message.Header.Flags & LibC.MSG_TRUNC) != 0)
            {
                _receiveTruncations++;
                continue;
            }
            var name = new ReadOnlySpan<byte>(message.Header.Name, (int)Math.Min(message.Header.NameLength, NameStride));
            if (!NetAddress.TryReadLinuxSockaddr(name, out var remote))
            {
                _receiveErrors++;
                continue;
            }
            Deliver(data, (int)message.Length, Normalize(remote), now);
        }
        return count;
    }

    /// <summary>Writes the destination sockaddr and length of send slot <paramref name="index"/>.</summary>
    private void PrepareBatchSend(int index, int length, in NetAddress destination)
    {
        ref var message = ref _sendMsgs[index];
        message.Header.NameLength =
            (uint)destination.WriteLinuxSockaddr(new Span<byte>(_sendNames + index * NameStride, NameStride));
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
