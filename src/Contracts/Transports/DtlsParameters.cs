using System.Text.Json.Serialization;
using Sfu.Contracts.Json;

namespace Sfu.Contracts.Transports;

/// <summary>
/// §3.7 <c>{ role?, fingerprints }</c>: the DTLS role and certificate fingerprints (RFC 5763 §5, RFC 8122 §5).
/// The server sends <c>role: 'auto'</c> and one fingerprint per algorithm, sha-1 … sha-512 (WT5).
/// </summary>
public sealed record DtlsParameters
{
    public DtlsRole? Role { get; init; }

    public required IReadOnlyList<DtlsFingerprint> Fingerprints { get; init; }
}

/// <summary>
/// <c>{ algorithm, value }</c> (RFC 8122 §5). The server writes <c>value</c> as UPPERCASE colon-separated hex
/// (<c>'AB:CD:…'</c>).
/// </summary>
public sealed record DtlsFingerprint
{
    public required FingerprintAlgorithm Algorithm { get; init; }

    public required string Value { get; init; }
}

/// <summary>Hash function textual names of the fingerprint attribute (RFC 8122 §5, IANA "Hash Function Textual Names").</summary>
[JsonConverter(typeof(WireEnumConverter<FingerprintAlgorithm>))]
public enum FingerprintAlgorithm
{
    [JsonStringEnumMemberName("sha-1")] Sha1,
    [JsonStringEnumMemberName("sha-224")] Sha224,
    [JsonStringEnumMemberName("sha-256")] Sha256,
    [JsonStringEnumMemberName("sha-384")] Sha384,
    [JsonStringEnumMemberName("sha-512")] Sha512,
}

/// <summary>DTLS role (RFC 5763 §5, RFC 4145 §4 <c>a=setup</c>): <c>'auto'|'client'|'server'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<DtlsRole>))]
public enum DtlsRole
{
    [JsonStringEnumMemberName("auto")] Auto,
    [JsonStringEnumMemberName("client")] Client,
    [JsonStringEnumMemberName("server")] Server,
}

/// <summary>WebRtcTransport DTLS state (WT8): <c>new|connecting|connected|failed|closed</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<DtlsState>))]
public enum DtlsState
{
    [JsonStringEnumMemberName("new")] New,
    [JsonStringEnumMemberName("connecting")] Connecting,
    [JsonStringEnumMemberName("connected")] Connected,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("closed")] Closed,
}
