using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Wire;

namespace Sfu.Client;

/// <summary>Options of <see cref="WebSocketSfuConnection"/>.</summary>
public sealed record WebSocketSfuConnectionOptions
{
    /// <summary>The nodes' <c>/ws</c> endpoints, tried in order; any node serves any request.</summary>
    public required IReadOnlyList<Uri> ContactPoints { get; init; }

    /// <summary>How long a request may wait for its answer, including a wait for reconnection.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>First delay between reconnection rounds; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The session this connection speaks for. A reconnect with the same session id takes the session back on the
    /// node, so its routers' notifications keep coming. Default: a new random id.
    /// </summary>
    public string SessionId { get; init; } = Guid.NewGuid().ToString("N");
}

/// <summary>
/// The wire API over a WebSocket (JSON text frames, protoo-shaped envelope). Reconnects on its own, trying each
/// contact point in turn; requests made while it is down wait for it (up to their timeout).
/// </summary>
public sealed class WebSocketSfuConnection : ISfuConnection
{
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly WebSocketSfuConnectionOptions _options;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly Channel<WireNotification> _notifications = Channel.CreateUnbounded<WireNotification>(new() { SingleReader = true });
    private readonly CancellationTokenSource _disposed = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClientWebSocket? _socket;
    private long _nextId;
    private int _contactIndex;
    private Task? _runTask;
    private Task? _notifyTask;

    private WebSocketSfuConnection(WebSocketSfuConnectionOptions options)
    {
        if (options.ContactPoints.Count == 0)
        {
            throw new TypeError("at least one contact point is needed");
        }
        _options = options;
    }

    public event EventHandler<WireNotification>? Notification;

    public event EventHandler<bool>? ConnectionChanged;

    public bool IsConnected => _connected.Task.IsCompletedSuccessfully && _socket?.State == WebSocketState.Open;

    /// <summary>The contact point of the current (or last) connection.</summary>
    public Uri CurrentContactPoint => _options.ContactPoints[_contactIndex % _options.ContactPoints.Count];

    public string SessionId => _options.SessionId;

    /// <summary>Connects to the first reachable contact point, then keeps the connection up until disposed.</summary>
    public static async Task<WebSocketSfuConnection> ConnectAsync(WebSocketSfuConnectionOptions options, CancellationToken cancellationToken = default)
    {
        var connection = new WebSocketSfuConnection(options);
        connection._notifyTask = Task.Run(connection.DispatchNotificationsAsync);
        connection._runTask = Task.Run(connection.RunAsync);
        try
        {
            await connection._connected.Task.WaitAsync(options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new SfuException(ErrorNames.NodeUnavailable, $"no contact point answered: {string.Join(", ", options.ContactPoints)}");
        }
        return connection;
    }

    public static Task<WebSocketSfuConnection> ConnectAsync(params Uri[] contactPoints) =>
        ConnectAsync(new WebSocketSfuConnectionOptions { ContactPoints = contactPoints });

    public async Task<JsonElement> RequestAsync(string method, JsonElement data, CancellationToken cancellationToken = default)
    {
        if (_disposed.IsCancellationRequested)
        {
            throw new InvalidStateError("connection closed");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        timeout.CancelAfter(_options.RequestTimeout);

        var id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        try
        {
            var request = new WireRequest(JsonSerializer.SerializeToElement(id), method, data);
            await SendWhenConnectedAsync(WireCodec.Write(request), timeout.Token).ConfigureAwait(false);
            return await tcs.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            throw new InvalidStateError("connection closed, pending request aborted");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeadlineExceededError($"no answer to '{method}' within {_options.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        _disposed.Cancel();
        var socket = _socket;
        if (socket is not null)
        {
            try
            {
                using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", closeTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            socket.Dispose();
        }
        FailPending(new InvalidStateError("connection closed, pending request aborted"));
        _notifications.Writer.TryComplete();
        if (_runTask is not null)
        {
            await _runTask.ConfigureAwait(false);
        }
        if (_notifyTask is not null)
        {
            await _notifyTask.ConfigureAwait(false);
        }
        _disposed.Dispose();
        _sendLock.Dispose();
    }

    private async Task SendWhenConnectedAsync(string text, CancellationToken cancellationToken)
    {
        while (true)
        {
            await _connected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            var socket = _socket;
            if (socket is null || socket.State != WebSocketState.Open)
            {
                await Task.Yield();
                continue;
            }
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException ||
                                       (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The socket died under the send (an abort surfaces as a cancellation): the reader notices the loss
                // and reconnects; try again once it has.
            }
            finally
            {
                _sendLock.Release();
            }
        }
    }

    private async Task RunAsync()
    {
        var delay = _options.ReconnectDelay;
        var token = _disposed.Token;
        while (!token.IsCancellationRequested)
        {
            var socket = await TryConnectAnyAsync(token).ConfigureAwait(false);
            if (socket is null)
            {
                try
                {
                    await Task.Delay(delay, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
                continue;
            }
            delay = _options.ReconnectDelay;
            _socket = socket;
            _connected.TrySetResult();
            Raise(true);
            await ReadAsync(socket, token).ConfigureAwait(false);
            socket.Dispose();
            // Lost: requests in flight cannot know whether they ran; fail them, then reconnect.
            _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            FailPending(new SfuException(ErrorNames.NodeUnavailable, "connection lost before the answer came"));
            if (!token.IsCancellationRequested)
            {
                Raise(false);
            }
        }
    }

    private async Task<ClientWebSocket?> TryConnectAnyAsync(CancellationToken token)
    {
        var count = _options.ContactPoints.Count;
        for (var attempt = 0; attempt < count && !token.IsCancellationRequested; attempt++)
        {
            var index = (_contactIndex + attempt) % count;
            var uri = WithSession(_options.ContactPoints[index]);
            var socket = new ClientWebSocket();
            try
            {
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                connectTimeout.CancelAfter(TimeSpan.FromSeconds(5));
                await socket.ConnectAsync(uri, connectTimeout.Token).ConfigureAwait(false);
                _contactIndex = index;
                return socket;
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpRequestException)
            {
                socket.Dispose();
            }
        }
        if (count > 1)
        {
            _contactIndex = (_contactIndex + 1) % count;
        }
        return null;
    }

    private Uri WithSession(Uri contactPoint)
    {
        var builder = new UriBuilder(contactPoint);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : "") + "session=" + Uri.EscapeDataString(_options.SessionId);
        return builder.Uri;
    }

    private async Task ReadAsync(ClientWebSocket socket, CancellationToken token)
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (!token.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The node is going away: finish the closing handshake so it need not wait for us.
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closeTimeout.Token).ConfigureAwait(false);
                    }
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxMessageBytes)
                {
                    return;
                }
                if (!result.EndOfMessage)
                {
                    continue;
                }
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    OnText(text);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private void OnText(string text)
    {
        if (!WireCodec.TryParse(text, out var message))
        {
            return;
        }
        switch (message)
        {
            case WireResponse response:
                if (response.Id.ValueKind == JsonValueKind.Number && response.Id.TryGetInt64(out var id) &&
                    _pending.TryRemove(id, out var tcs))
                {
                    if (response.Ok)
                    {
                        tcs.TrySetResult(response.Data ?? default);
                    }
                    else
                    {
                        tcs.TrySetException(SfuException.FromWire(response.Error, response.Reason));
                    }
                }
                break;
            case WireNotification notification:
                _notifications.Writer.TryWrite(notification);
                break;
        }
    }

    private async Task DispatchNotificationsAsync()
    {
        await foreach (var notification in _notifications.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                Notification?.Invoke(this, notification);
            }
            catch (Exception)
            {
                // A listener's failure is its own; the connection goes on (mediasoup's 'listenererror').
            }
        }
    }

    private void Raise(bool connected)
    {
        try
        {
            ConnectionChanged?.Invoke(this, connected);
        }
        catch (Exception)
        {
        }
    }

    private void FailPending(Exception error)
    {
        foreach (var (key, tcs) in _pending)
        {
            if (_pending.TryRemove(key, out _))
            {
                tcs.TrySetException(error);
            }
        }
    }
}
