using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Sfu.Actors.Api;
using Sfu.Contracts;
using Sfu.Contracts.Wire;

namespace Sfu.ClusterHost.Api;

/// <summary>
/// The wire API on one WebSocket: JSON text frames in the protoo-shaped envelope. Requests run concurrently (each
/// reaches its target's mailbox in arrival order); responses and notifications leave through one writer. Bad input —
/// not JSON, no id or method, a binary or oversize frame — gets an error response or an <c>error</c> notification,
/// and the connection stays open.
/// </summary>
public sealed partial class WebSocketApi(ApiGateway gateway, int maxMessageBytes, ILogger<WebSocketApi> logger)
{
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private volatile bool _stopping;

    /// <summary>True once <see cref="CloseAllAsync"/> began: new connections are refused (clients go elsewhere).</summary>
    public bool IsStopping => _stopping;

    public async Task RunAsync(WebSocket socket, string? sessionId, CancellationToken cancellationToken)
    {
        var session = gateway.OpenSession(sessionId);
        using var connection = new Connection(socket, cancellationToken);
        Action<WireNotification> sink = n => connection.Outgoing.Writer.TryWrite(WireCodec.Write(n));
        session.Attach(sink);
        _connections.TryAdd(connection, 0);
        if (_stopping)
        {
            connection.Outgoing.Writer.TryComplete(); // accepted as the node began to stop: close at once
        }
        var writer = WriteAsync(connection);
        LogConnected(session.Id);
        try
        {
            await ReadAsync(socket, session, connection.Outgoing.Writer, connection.Aborted).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            session.Detach(sink);
            connection.Outgoing.Writer.TryComplete();
            await writer.ConfigureAwait(false);
            connection.MarkClosed();
            LogDisconnected(session.Id);
        }
    }

    /// <summary>
    /// Ends every connection for a node that is stopping: what is queued (the routers' close notifications) is sent,
    /// then a close frame (1001 going away), so clients fail over at once. Connections still open after
    /// <paramref name="timeout"/> are aborted.
    /// </summary>
    public async Task CloseAllAsync(TimeSpan timeout)
    {
        _stopping = true;
        var connections = _connections.Keys.ToArray();
        foreach (var connection in connections)
        {
            connection.Outgoing.Writer.TryComplete();
        }
        var all = Task.WhenAll(connections.Select(c => c.Closed));
        if (await Task.WhenAny(all, Task.Delay(timeout)).ConfigureAwait(false) != all)
        {
            foreach (var connection in connections)
            {
                connection.Abort();
            }
        }
    }

    private async Task ReadAsync(WebSocket socket, ApiSession session, ChannelWriter<string> outgoing, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var message = new MemoryStream();
        var oversize = false;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                    }
                    return;
                }
                if (!oversize)
                {
                    if (message.Length + result.Count > maxMessageBytes)
                    {
                        oversize = true;
                        message.SetLength(0);
                    }
                    else
                    {
                        message.Write(buffer, 0, result.Count);
                    }
                }
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (oversize)
                {
                    oversize = false;
                    Notify(outgoing, ErrorNames.TypeError, $"message larger than {maxMessageBytes} bytes dropped");
                }
                else if (result.MessageType == WebSocketMessageType.Binary)
                {
                    Notify(outgoing, ErrorNames.TypeError, "binary frames are not part of the API; send JSON text");
                }
                else
                {
                    string text;
                    try
                    {
                        text = new UTF8Encoding(false, true).GetString(message.GetBuffer(), 0, (int)message.Length);
                    }
                    catch (DecoderFallbackException)
                    {
                        text = "\uFFFD"; // not UTF-8: reported as not JSON
                    }
                    OnText(text, session, outgoing, cancellationToken);
                }
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The peer went away or the host is stopping.
        }
    }

    private void OnText(string text, ApiSession session, ChannelWriter<string> outgoing, CancellationToken cancellationToken)
    {
        if (!WireCodec.TryParse(text, out var message))
        {
            var error = (WireParseError)message;
            if (error.Id is { } id)
            {
                outgoing.TryWrite(WireCodec.Write(WireResponse.Failure(id, error.Error, error.Reason)));
            }
            else
            {
                Notify(outgoing, error.Error, error.Reason);
            }
            return;
        }
        switch (message)
        {
            case WireRequest request:
                // Started now, so it reaches its target in arrival order; answered whenever it completes.
                _ = RespondAsync(request, session, outgoing, cancellationToken);
                break;
            default:
                Notify(outgoing, ErrorNames.TypeError, "only requests are accepted on this connection");
                break;
        }
    }

    private async Task RespondAsync(WireRequest request, ApiSession session, ChannelWriter<string> outgoing, CancellationToken cancellationToken)
    {
        var response = await gateway.HandleAsync(session, request, cancellationToken).ConfigureAwait(false);
        outgoing.TryWrite(WireCodec.Write(response));
    }

    private static void Notify(ChannelWriter<string> outgoing, string error, string reason) =>
        outgoing.TryWrite(WireCodec.Write(WireCodec.ErrorNotification(error, reason)));

    private static async Task WriteAsync(Connection connection)
    {
        await Task.Yield();
        var socket = connection.Socket;
        try
        {
            await foreach (var text in connection.Outgoing.Reader.ReadAllAsync(connection.Aborted).ConfigureAwait(false))
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, connection.Aborted).ConfigureAwait(false);
                }
            }
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "node stopping", connection.Aborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>One open WebSocket: its outgoing queue and a way to abort it.</summary>
    private sealed class Connection(WebSocket socket, CancellationToken requestAborted) : IDisposable
    {
        private readonly CancellationTokenSource _abort = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public WebSocket Socket => socket;

        public Channel<string> Outgoing { get; } = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

        public CancellationToken Aborted => _abort.Token;

        public Task Closed => _closed.Task;

        public void MarkClosed() => _closed.TrySetResult();

        public void Abort()
        {
            try
            {
                _abort.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose() => _abort.Dispose();
    }

    [LoggerMessage(1, LogLevel.Debug, "session {SessionId} connected")]
    private partial void LogConnected(string sessionId);

    [LoggerMessage(2, LogLevel.Debug, "session {SessionId} disconnected")]
    private partial void LogDisconnected(string sessionId);
}
