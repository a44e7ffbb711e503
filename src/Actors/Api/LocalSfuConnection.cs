using System.Text.Json;
using System.Threading.Channels;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Wire;

namespace Sfu.Actors.Api;

/// <summary>
/// An in-process connection to a node's gateway, for an app that runs the SFU inside its own process: the same
/// requests, errors and notifications as the WebSocket API, without the socket.
/// </summary>
public sealed class LocalSfuConnection : ISfuConnection
{
    private readonly ApiGateway _gateway;
    private readonly ApiSession _session;
    private readonly Action<WireNotification> _sink;
    private readonly Channel<WireNotification> _notifications = Channel.CreateUnbounded<WireNotification>(new() { SingleReader = true });
    private readonly Task _dispatch;
    private volatile bool _closed;

    public LocalSfuConnection(ApiGateway gateway, string? sessionId = null)
    {
        _gateway = gateway;
        _session = gateway.OpenSession(sessionId);
        _sink = n => _notifications.Writer.TryWrite(n);
        _session.Attach(_sink);
        _dispatch = Task.Run(DispatchAsync);
    }

    public event EventHandler<WireNotification>? Notification;

    public event EventHandler<bool>? ConnectionChanged
    {
        add { }
        remove { }
    }

    public bool IsConnected => !_closed;

    public string SessionId => _session.Id;

    public Task<JsonElement> RequestAsync(string method, JsonElement data, CancellationToken cancellationToken = default)
    {
        if (_closed)
        {
            return Task.FromException<JsonElement>(new InvalidStateError("connection closed"));
        }
        if (data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            data = WireCodec.EmptyObject;
        }
        return _gateway.ExecuteAsync(_session, method, data, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        _session.Detach(_sink);
        _notifications.Writer.TryComplete();
        await _dispatch.ConfigureAwait(false);
    }

    private async Task DispatchAsync()
    {
        await foreach (var notification in _notifications.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                Notification?.Invoke(this, notification);
            }
            catch (Exception)
            {
                // A listener's failure is its own.
            }
        }
    }
}
