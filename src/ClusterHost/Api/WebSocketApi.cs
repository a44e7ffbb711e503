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
    public async Task RunAsync(WebSocket socket, string? sessionId, CancellationToken cancellationToken)
    {
        var session = gateway.OpenSession(sessionId);
        var outgoing = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        Action<WireNotification> sink = n => outgoing.Writer.TryWrite(WireCodec.Write(n));
        session.Attach(sink);
        var writer = WriteAsync(socket, outgoing.Reader, cancellationToken);
        LogConnected(session.Id);
        try
        {
            await ReadAsync(socket, session, outgoing.Writer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            session.Detach(sink);
            outgoing.Writer.TryComplete();
            await writer.ConfigureAwait(false);
            LogDisconnected(session.Id);
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
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
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

    private async Task WriteAsync(WebSocket socket, ChannelReader<string> reader, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var text in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (socket.State != WebSocketState.Open && socket.State != WebSocketState.CloseReceived)
                {
                    continue;
                }
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "session {SessionId} connected")]
    private partial void LogConnected(string sessionId);

    [LoggerMessage(2, LogLevel.Debug, "session {SessionId} disconnected")]
    private partial void LogDisconnected(string sessionId);
}
