using System.Net;
using System.Net.Sockets;
using Sfu.Media.Time;

namespace Sfu.Media.Net;

/// <summary>
/// The portable loop's path: <c>Socket.Poll</c> + <c>ReceiveFrom(Span, SocketFlags, SocketAddress)</c> and
/// <c>SendTo(ReadOnlySpan, SocketFlags, SocketAddress)</c>, the allocation-free overloads, with reused addresses.
/// </summary>
public sealed unsafe partial class UdpEndpoint
{
    private SocketAddress? _receiveAddress;
    private SocketAddress? _sendAddress;
    private NetAddress[]? _sendTo;

    private void InitializePortable()
    {
        var family = _ipv6Socket ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        _receiveAddress = new SocketAddress(family);
        _sendAddress = new SocketAddress(family);
        _sendTo = new NetAddress[SendBatchSize];
    }

    /// <summary>Up to one batch of ReceiveFrom calls; returns how many datagrams it read (0 when drained).</summary>
    private int ReceivePortable(Instant now)
    {
        var address = _receiveAddress!;
        var count = 0;
        while (count < ReceiveBatchSize && !_closed)
        {
            // Poll rather than Available: a zero-length datagram has no bytes but must still be read.
            if (!_socket.Poll(0, SelectMode.SelectRead))
            {
                break;
            }
            var data = _receive.Data + count * _receive.SlotStride;
            int received;
            try
            {
                received = _socket.ReceiveFrom(new Span<byte>(data, _receive.SlotStride), SocketFlags.None, address);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
            {
                count++;
                _receiveTruncations++; // Windows reports a datagram longer than the buffer this way
                continue;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                break;
            }
            catch (SocketException)
            {
                _receiveErrors++; // a queued ICMP error; reading it cleared it
                break;
            }
            count++;
            if (!NetAddress.TryFromSocketAddress(address, out var remote))
            {
                _receiveErrors++;
                continue;
            }
            Deliver(data, received, Normalize(remote), now);
        }
        return count;
    }

    private void PreparePortableSend(int index, in NetAddress destination) => _sendTo![index] = destination;

    /// <summary>SendTo per queued datagram; a full buffer drops the rest, any other error only that datagram.</summary>
    private void SendBatchPortable()
    {
        var address = _sendAddress!;
        var destinations = _sendTo!;
        for (var i = 0; i < _sendCount; i++)
        {
            if (!destinations[i].TryWriteTo(address))
            {
                _sendDrops++;
                continue;
            }
            try
            {
                _socket.SendTo(new ReadOnlySpan<byte>(_sendData + _sendOffset[i], _sendLength[i]), SocketFlags.None, address);
                _datagramsSent++;
                _bytesSent += _sendLength[i];
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable)
            {
                _sendDrops += _sendCount - i;
                return;
            }
            catch (SocketException)
            {
                _sendDrops++;
            }
        }
    }
}
