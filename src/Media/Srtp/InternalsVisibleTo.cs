using System.Runtime.CompilerServices;

// The SRTP tests drive the ciphers and the replay window directly with RFC vectors and properties.
[assembly: InternalsVisibleTo("Sfu.Media.Tests")]
