using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sfu.Media.Srtp;

namespace Sfu.Media.Tests.Srtp;

/// <summary>
/// Cross-checks against a real SRTP peer: GStreamer's <c>srtpenc</c>/<c>srtpdec</c> (gst-plugins-bad on libsrtp 2)
/// over UDP on 127.0.0.1, in both directions, for RTP and RTCP, for all four profiles. The tests fail when
/// <c>gst-launch-1.0</c> or its elements are missing: CI installs them.
/// </summary>
[Trait("Category", "Interop")]
public sealed class SrtpInteropTests : IDisposable
{
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(60);

    private readonly string _dir = Directory.CreateTempSubdirectory("srtp-interop-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public async Task Vp8_rtp_protected_by_gstreamer_is_unprotected_by_our_context(SrtpProfile profile)
    {
        const uint ssrc = 0x12345678;
        const int frames = 30;
        var key = SrtpMasterKey.Generate(profile);
        using var socket = BoundUdpSocket();
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;

        // The payloader's output goes both through srtpenc to us and, in clear, to files to compare with.
        var run = await GstLaunch.RunAsync(
            $"videotestsrc num-buffers={frames} ! video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1 "
            + $"! rtpvp8pay ssrc={ssrc} seqnum-offset=65530 pt=96 mtu=1000 ! tee name=t "
            + $"t. ! queue ! srtpenc key={Hex.Encode(key.ToConcatenated())} {EncoderCiphers(profile)} "
            + $"! udpsink host=127.0.0.1 port={port} "
            + $"t. ! queue ! rtpstreampay ! filesink location={_dir}/plain.rtp");
        run.AssertSucceeded();
        var plains = ReadRfc4571Frames(Path.Combine(_dir, "plain.rtp"));
        var datagrams = ReceiveExactly(socket, plains.Count);

        using var receiver = new SrtpContext(key);
        var timestamps = new HashSet<uint>();
        ushort expectedSeq = 65530;
        uint? previousTimestamp = null;
        Assert.True(plains.Count >= frames);
        for (int i = 0; i < datagrams.Count; i++)
        {
            var wire = datagrams[i];
            Assert.True(receiver.TryUnprotectRtp(wire, wire.Length, out int length, out var error), $"seq {expectedSeq}: {error}");
            Assert.Equal(plains[i], wire[..length]);
            var rtp = wire.AsSpan(0, length);

            Assert.Equal(2, rtp[0] >> 6);
            Assert.Equal(96, rtp[1] & 0x7F);
            Assert.Equal(expectedSeq++, BinaryPrimitives.ReadUInt16BigEndian(rtp[2..]));
            Assert.Equal(ssrc, BinaryPrimitives.ReadUInt32BigEndian(rtp[8..]));
            Assert.Equal(SrtpError.None, SrtpContext.TryGetRtpHeaderLength(rtp, out int headerLength));

            // A new timestamp starts a frame: the VP8 payload descriptor (RFC 7741 §4.2) has S = 1.
            uint timestamp = BinaryPrimitives.ReadUInt32BigEndian(rtp[4..]);
            if (timestamp != previousTimestamp)
            {
                Assert.True((rtp[headerLength] & 0x10) != 0, "VP8 start of partition");
            }

            previousTimestamp = timestamp;
            timestamps.Add(timestamp);
        }

        Assert.Equal(frames, timestamps.Count);
        Assert.True(receiver.TryGetRolloverCounter(ssrc, out uint roc));
        Assert.Equal(1u, roc); // the stream started 6 packets before the wrap
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public async Task Rtcp_protected_by_gstreamer_is_unprotected_by_our_context(SrtpProfile profile)
    {
        var key = SrtpMasterKey.Generate(profile);
        var plains = RtcpPackets(20);
        WriteFiles("rtcp", plains);
        using var socket = BoundUdpSocket();
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;

        var run = await GstLaunch.RunAsync(
            $"multifilesrc location={_dir}/rtcp-%05d.bin index=0 stop-index={plains.Count - 1} caps=application/x-rtcp "
            + $"! enc.rtcp_sink_0 srtpenc name=enc key={Hex.Encode(key.ToConcatenated())} {EncoderCiphers(profile)} "
            + $"enc.rtcp_src_0 ! udpsink host=127.0.0.1 port={port}");
        run.AssertSucceeded();
        var datagrams = ReceiveExactly(socket, plains.Count);

        using var receiver = new SrtpContext(key);
        for (int i = 0; i < datagrams.Count; i++)
        {
            var wire = datagrams[i];
            Assert.True(receiver.TryUnprotectRtcp(wire, wire.Length, out int length, out var error), $"packet {i}: {error}");
            Assert.Equal(plains[i], wire[..length]);
        }
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public async Task Rtp_we_protect_is_unprotected_by_gstreamer_byte_for_byte(SrtpProfile profile)
    {
        const uint ssrc = 0x0BADCAFE;
        var key = SrtpMasterKey.Generate(profile);
        var plains = RtpPackets(ssrc, count: 80, firstSeq: 65500); // crosses the wrap: ROC 0 -> 1
        int port = FreeUdpPort();

        await using var peer = GstLaunch.Start(
            $"udpsrc address=127.0.0.1 port={port} num-buffers={plains.Count} "
            + $"caps=\"{DecoderCaps("application/x-srtp", profile, key, ssrc)}\" "
            + $"! srtpdec ! multifilesink location={_dir}/out-%05d.bin");
        await peer.WaitUntilListeningAsync();

        using var sender = new SrtpContext(key);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var to = new IPEndPoint(IPAddress.Loopback, port);
        foreach (var plain in plains)
        {
            socket.SendTo(TestPackets.ProtectRtp(sender, plain), to);
        }

        (await peer.WaitForExitAsync()).AssertSucceeded();
        Assert.Equal(plains, ReadFiles("out"));
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public async Task Rtcp_we_protect_is_unprotected_by_gstreamer_byte_for_byte(SrtpProfile profile)
    {
        var key = SrtpMasterKey.Generate(profile);
        var plains = RtcpPackets(20);
        int port = FreeUdpPort();

        await using var peer = GstLaunch.Start(
            $"udpsrc address=127.0.0.1 port={port} num-buffers={plains.Count} "
            + $"caps=\"{DecoderCaps("application/x-srtcp", profile, key, 0x55667788)}\" "
            + $"! dec.rtcp_sink srtpdec name=dec dec.rtcp_src ! multifilesink location={_dir}/out-%05d.bin");
        await peer.WaitUntilListeningAsync();

        using var sender = new SrtpContext(key);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var to = new IPEndPoint(IPAddress.Loopback, port);
        foreach (var plain in plains)
        {
            socket.SendTo(TestPackets.ProtectRtcp(sender, plain), to);
        }

        (await peer.WaitForExitAsync()).AssertSucceeded();
        Assert.Equal(plains, ReadFiles("out"));
    }

    // ---- Packets ------------------------------------------------------------------------------------------------

    /// <summary>Valid RTP with varied CSRC lists, header extensions and payload sizes.</summary>
    private static List<byte[]> RtpPackets(uint ssrc, int count, ushort firstSeq)
    {
        var random = new Random(42);
        var packets = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            var csrcs = Enumerable.Range(0, i % 4).Select(c => (uint)(1000 + c)).ToArray();
            byte[]? extension = i % 3 == 0 ? null : [0x10, (byte)i, 0x22, (byte)(i >> 8), 0x31, 0xAA, 0xBB, 0x00];
            var payload = new byte[20 + random.Next(1100)];
            random.NextBytes(payload);
            packets.Add(TestPackets.Rtp((ushort)(firstSeq + i), ssrc, (uint)(3000 * (i / 3)), 96, csrcs, extension, payload));
        }

        return packets;
    }

    /// <summary>Receiver reports from sender SSRC 0x55667788 with one report block and varying bodies.</summary>
    private static List<byte[]> RtcpPackets(int count)
    {
        var random = new Random(7);
        var packets = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            var block = new byte[24];
            random.NextBytes(block);
            packets.Add(TestPackets.Rtcp(0x55667788, block));
        }

        return packets;
    }

    // ---- GStreamer names --------------------------------------------------------------------------------------------

    private static (string Cipher, string RtpAuth, string RtcpAuth) GstSuite(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => ("aes-128-icm", "hmac-sha1-80", "hmac-sha1-80"),
        SrtpProfile.AesCm128HmacSha1_32 => ("aes-128-icm", "hmac-sha1-32", "hmac-sha1-80"),
        SrtpProfile.AeadAes128Gcm => ("aes-128-gcm", "null", "null"),
        SrtpProfile.AeadAes256Gcm => ("aes-256-gcm", "null", "null"),
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    private static string EncoderCiphers(SrtpProfile profile)
    {
        var (cipher, rtpAuth, rtcpAuth) = GstSuite(profile);
        return $"rtp-cipher={cipher} rtp-auth={rtpAuth} rtcp-cipher={cipher} rtcp-auth={rtcpAuth}";
    }

    private static string DecoderCaps(string mediaType, SrtpProfile profile, SrtpMasterKey key, uint ssrc)
    {
        var (cipher, rtpAuth, rtcpAuth) = GstSuite(profile);
        return $"{mediaType},ssrc=(uint){ssrc},srtp-key=(buffer){Hex.Encode(key.ToConcatenated())},"
            + $"srtp-cipher=(string){cipher},srtp-auth=(string){rtpAuth},"
            + $"srtcp-cipher=(string){cipher},srtcp-auth=(string){rtcpAuth}";
    }

    // ---- Files and sockets -------------------------------------------------------------------------------------------

    private void WriteFiles(string prefix, List<byte[]> packets)
    {
        for (int i = 0; i < packets.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(_dir, $"{prefix}-{i:D5}.bin"), packets[i]);
        }
    }

    private List<byte[]> ReadFiles(string prefix) =>
        Directory.GetFiles(_dir, $"{prefix}-*.bin").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();

    /// <summary>Packets framed with a 2-byte big-endian length (RFC 4571 §2), as <c>rtpstreampay</c> writes them.</summary>
    private static List<byte[]> ReadRfc4571Frames(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var frames = new List<byte[]>();
        int offset = 0;
        while (offset < bytes.Length)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset));
            frames.Add(bytes[(offset + 2)..(offset + 2 + length)]);
            offset += 2 + length;
        }

        return frames;
    }

    private static Socket BoundUdpSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = 4 * 1024 * 1024,
        };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Reads <paramref name="count"/> datagrams the peer sent, each within <see cref="PeerTimeout"/>.</summary>
    private static List<byte[]> ReceiveExactly(Socket socket, int count)
    {
        socket.ReceiveTimeout = (int)PeerTimeout.TotalMilliseconds;
        var datagrams = new List<byte[]>();
        var buffer = new byte[65536];
        while (datagrams.Count < count)
        {
            try
            {
                int n = socket.Receive(buffer);
                datagrams.Add(buffer[..n]);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                Assert.Fail($"received {datagrams.Count} of {count} datagrams");
            }
        }

        return datagrams;
    }

    /// <summary>A <c>gst-launch-1.0</c> subprocess with its output collected.</summary>
    private sealed class GstLaunch : IAsyncDisposable
    {
        private const string Tool = "gst-launch-1.0";

        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private GstLaunch(string pipeline)
        {
            string? path = FindTool();
            Assert.True(path is not null, $"{Tool} not found on PATH: install gstreamer1.0-tools and gstreamer1.0-plugins-bad.");
            var start = new ProcessStartInfo(path!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // gst-launch parses the pipeline description itself; quoting inside the description is its own.
            foreach (string argument in SplitPipeline(pipeline))
            {
                start.ArgumentList.Add(argument);
            }

            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => OnLine(e.Data);
            _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public static GstLaunch Start(string pipeline) => new(pipeline);

        public static async Task<Result> RunAsync(string pipeline)
        {
            await using var run = new GstLaunch(pipeline);
            return await run.WaitForExitAsync();
        }

        /// <summary>Waits until the live pipeline (a <c>udpsrc</c>) has its socket bound: gst-launch reports the live pipeline.</summary>
        public async Task WaitUntilListeningAsync()
        {
            var exited = _process.WaitForExitAsync();
            var first = await Task.WhenAny(_listening.Task, exited).WaitAsync(PeerTimeout);
            Assert.True(first == _listening.Task, $"{Tool} exited before listening:\n{Output}");
        }

        public async Task<Result> WaitForExitAsync()
        {
            try
            {
                await _process.WaitForExitAsync().WaitAsync(PeerTimeout);
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                Assert.Fail($"{Tool} did not finish within {PeerTimeout}:\n{Output}");
            }

            _process.WaitForExit(); // flushes the redirected output
            return new Result(_process.ExitCode, Output);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        private void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (line.Contains("Pipeline is live", StringComparison.Ordinal))
            {
                _listening.TrySetResult();
            }
        }

        private static string? FindTool() =>
            (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, Tool))
                .FirstOrDefault(File.Exists);

        /// <summary>Splits on spaces outside double quotes and drops the quotes, as a shell would.</summary>
        private static IEnumerable<string> SplitPipeline(string pipeline)
        {
            var current = new StringBuilder();
            bool quoted = false;
            foreach (char c in pipeline)
            {
                if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (c == ' ' && !quoted)
                {
                    if (current.Length > 0)
                    {
                        yield return current.ToString();
                        current.Clear();
                    }
                }
                else
                {
                    current.Append(c);
                }
            }

            if (current.Length > 0)
            {
                yield return current.ToString();
            }
        }

        public sealed record Result(int ExitCode, string Output)
        {
            public void AssertSucceeded() => Assert.True(ExitCode == 0, $"{Tool} exited with {ExitCode}:\n{Output}");
        }
    }
}
