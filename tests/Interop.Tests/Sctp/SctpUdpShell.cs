using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sfu.Media.Sctp;
using Sfu.Media.Time;

namespace Sfu.Interop.Tests.Sctp;

/// <summary>
/// A test-only I/O shell around a sans-IO <see cref="SctpAssociation"/>: one UDP socket on 127.0.0.1, one thread
/// that feeds received datagrams and timeouts to the association and sends what it produces to the peer it learned
/// from the first datagram (comedia). Events go to a callback on that thread, which may call back into the
/// association (to answer a message, for example).
/// </summary>
internal sealed class SctpUdpShell : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly Action<SctpAssociation, SctpEvent, Instant> _onEvent;
    private volatile bool _stopping;
    private EndPoint? _peer;
    private Exception? _failure;

    public SctpUdpShell(SctpAssociationOptions options, Action<SctpAssociation, SctpEvent, Instant> onEvent)
    {
        Association = new SctpAssociation(options);
        _onEvent = onEvent;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _thread = new Thread(Run) { IsBackground = true, Name = "sctp-udp-shell" };
        _thread.Start();
    }

    public SctpAssociation Association { get; }

    public int Port { get; }

    /// <summary>Datagrams received and sent by the shell.</summary>
    public long DatagramsReceived { get; private set; }

    public long DatagramsSent { get; private set; }

    /// <summary>An exception thrown on the shell's thread (a bug), rethrown to the test.</summary>
    public void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new InvalidOperationException("the SCTP shell thread failed", _failure);
        }
    }

    private static Instant Now => Instant.FromStopwatch(Stopwatch.GetTimestamp());

    private void Run()
    {
        byte[] receive = new byte[65536];
        byte[] send = new byte[1500];
        try
        {
            while (!_stopping)
            {
                Instant now = Now;
                long waitUs = Math.Clamp(Association.NextTimeout.Microseconds - now.Microseconds, 0, 20_000);
                if (_socket.Poll((int)waitUs, SelectMode.SelectRead))
                {
                    EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                    int length = _socket.ReceiveFrom(receive, ref from);
                    _peer ??= from;
                    DatagramsReceived++;
                    Association.HandleReceive(receive.AsSpan(0, length), Now);
                }

                now = Now;
                if (Association.NextTimeout <= now)
                {
                    Association.HandleTimeout(now);
                }

                while (Association.TryPollEvent(out SctpEvent e))
                {
                    _onEvent(Association, e, Now);
                }

                while (Association.TryPollTransmit(send, out int length))
                {
                    if (_peer is not null)
                    {
                        _socket.SendTo(send.AsSpan(0, length), SocketFlags.None, _peer);
                        DatagramsSent++;
                    }
                }
            }
        }
        catch (Exception e) when (!_stopping)
        {
            _failure = e;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(5));
        _socket.Dispose();
        Association.Dispose();
    }
}
