global using Sfu.Contracts.Json;
