using System.Net;
using System.Net.Sockets;

namespace Sfu.Interop.Tests.Harness;

/// <summary>
/// Free UDP ports on this host for senders, receivers and taps. Ports come from 61000–65534: above Linux's
/// default ephemeral range (32768–60999) and the SFU's RTC port range (10000–59999 by default), so neither the
/// kernel nor the SFU hands the same port out between our check and the tool's bind. A port is free when a socket
/// can bind it on every address; this process never hands the same port out twice.
/// </summary>
public static class UdpPorts
{
    public const int First = 61000;

    public const int Last = 65534;

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];
    private static int _next = First + Random.Shared.Next(Last - First);

    /// <summary>A port that is free now.</summary>
    public static int Allocate()
    {
        lock (Gate)
        {
            for (int tries = 0; tries <= Last - First; tries++)
            {
                int port = Advance();
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"no free UDP port left in {First}–{Last}");
    }

    /// <summary>An even port P such that P and P + 1 are free (for tools that bind RTCP on P + 1, like ffmpeg).</summary>
    public static int AllocatePair()
    {
        lock (Gate)
        {
            for (int tries = 0; tries <= Last - First; tries++)
            {
                int port = Advance() & ~1;
                if (port < First || port + 1 > Last)
                {
                    continue;
                }

                if (!HandedOut.Contains(port) && !HandedOut.Contains(port + 1) && IsFree(port) && IsFree(port + 1))
                {
                    HandedOut.Add(port);
                    HandedOut.Add(port + 1);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"no free pair of UDP ports left in {First}–{Last}");
    }

    private static int Advance()
    {
        int port = _next;
        _next = port >= Last ? First : port + 1;
        return port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
