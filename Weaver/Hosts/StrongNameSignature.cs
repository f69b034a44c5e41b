using System;
using System.Linq;
using System.Security.Cryptography;

namespace AutoDiff.Weaver
{
    /// <summary>
    /// Reads and checks an image's strong-name signature. .NET (Core) never checks strong names
    /// when it loads an assembly, so a broken signature shows only on .NET Framework or to
    /// <c>sn -v</c>; this is that check, run on every re-signed assembly before it is written.
    /// The hash is ECMA-335's (II.6.2.1.3, as the CLR and the C# compiler compute it): SHA-1 over
    /// the headers up to the end of the section table, with the checksum and the certificate-table
    /// entry zeroed, then over every section's raw data except the signature blob itself; the
    /// signature is RSA PKCS#1 v1.5, stored little-endian.
    /// </summary>
    public static class StrongNameSignature
    {
        /// <summary>The signature blob the image reserves (all zeros when delay- or public-signed); null when it reserves none.</summary>
        public static byte[]? Read(byte[] image)
        {
            var place = Locate(image);
            if (place == null) return null;
            var blob = new byte[place.Value.Size];
            Array.Copy(image, place.Value.Offset, blob, 0, blob.Length);
            return blob;
        }

        /// <summary>True when the image carries a signature made with the key whose assembly public key is <paramref name="assemblyPublicKey"/>.</summary>
        public static bool IsValid(byte[] image, byte[] assemblyPublicKey)
        {
            var place = Locate(image);
            var key = StrongNameKey.RsaPublicPart.Parse(assemblyPublicKey, 12);
            if (place == null || key == null) return false;
            var (offset, size) = place.Value;
            var pe = Pe.Of(image)!;

            var hashed = (byte[])image.Clone();
            Array.Clear(hashed, pe.OptionalHeader + 64, 4); // CheckSum
            Array.Clear(hashed, pe.DataDirectory(4), 8);    // the certificate table (Authenticode) entry
            using var sha1 = SHA1.Create();
            var headersEnd = pe.SectionTable + 40 * pe.Sections;
            sha1.TransformBlock(hashed, 0, headersEnd, null, 0);
            foreach (var (start, length) in pe.SectionData().OrderBy(s => s.Start))
            {
                var end = start + length;
                if (offset >= start && offset < end)
                {
                    sha1.TransformBlock(hashed, start, offset - start, null, 0);
                    sha1.TransformBlock(hashed, offset + size, end - offset - size, null, 0);
                }
                else
                {
                    sha1.TransformBlock(hashed, start, length, null, 0);
                }
            }
            sha1.TransformFinalBlock(Array.Empty<byte>(), 0, 0);

            var signature = new byte[size];
            Array.Copy(image, offset, signature, 0, size);
            Array.Reverse(signature);
            using var rsa = RSA.Create();
            rsa.ImportParameters(key.ToParameters());
            return rsa.VerifyHash(sha1.Hash, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        }

        /// <summary>The file offset and size of the signature blob the CLI header points at; null when there is none or the image is not one we can read.</summary>
        private static (int Offset, int Size)? Locate(byte[] image)
        {
            var pe = Pe.Of(image);
            if (pe == null) return null;
            var cli = pe.FileOffset(pe.DirectoryRva(14));
            if (cli < 0 || cli + 40 > image.Length) return null;
            var rva = BitConverter.ToInt32(image, cli + 32);
            var size = BitConverter.ToInt32(image, cli + 36);
            var offset = pe.FileOffset(rva);
            if (size <= 0 || offset < 0 || offset + size > image.Length) return null;
            return (offset, size);
        }

        /// <summary>The few PE header facts the hash needs.</summary>
        private sealed class Pe
        {
            private readonly byte[] _image;

            private Pe(byte[] image, int optionalHeader, bool isPe32Plus, int sectionTable, int sections)
            {
                _image = image;
                OptionalHeader = optionalHeader;
                IsPe32Plus = isPe32Plus;
                SectionTable = sectionTable;
                Sections = sections;
            }

            public int OptionalHeader { get; }

            public bool IsPe32Plus { get; }

            public int SectionTable { get; }

            public int Sections { get; }

            public static Pe? Of(byte[] image)
            {
                if (image.Length < 0x40 || image[0] != (byte)'M' || image[1] != (byte)'Z') return null;
                var pe = BitConverter.ToInt32(image, 0x3C);
                if (pe < 0 || pe + 24 > image.Length || image[pe] != (byte)'P' || image[pe + 1] != (byte)'E') return null;
                var sections = BitConverter.ToUInt16(image, pe + 6);
                var optionalSize = BitConverter.ToUInt16(image, pe + 20);
                var optional = pe + 24;
                if (optional + optionalSize > image.Length || optional + 2 > image.Length) return null;
                var table = optional + optionalSize;
                if (table + 40 * sections > image.Length) return null;
                return new Pe(image, optional, BitConverter.ToUInt16(image, optional) == 0x20B, table, sections);
            }

            /// <summary>The file offset of data directory entry <paramref name="index"/> (4: certificates, 14: CLI header).</summary>
            public int DataDirectory(int index) => OptionalHeader + (IsPe32Plus ? 112 : 96) + 8 * index;

            public int DirectoryRva(int index) => BitConverter.ToInt32(_image, DataDirectory(index));

            /// <summary>Where an RVA lies in the file; -1 when no section holds it.</summary>
            public int FileOffset(int rva)
            {
                foreach (var (virtualAddress, virtualSize, start, length) in SectionHeaders())
                {
                    if (rva >= virtualAddress && rva < virtualAddress + Math.Max(virtualSize, length)) return start + (rva - virtualAddress);
                }
                return -1;
            }

            public (int Start, int Length)[] SectionData()
            {
                var size = _image.Length;
                return SectionHeaders().Select(s => (s.Start, Math.Min(s.Length, size - s.Start))).ToArray();
            }

            private (int VirtualAddress, int VirtualSize, int Start, int Length)[] SectionHeaders()
            {
                var headers = new (int, int, int, int)[Sections];
                for (int k = 0; k < Sections; k++)
                {
                    var entry = SectionTable + 40 * k;
                    headers[k] = (BitConverter.ToInt32(_image, entry + 12), BitConverter.ToInt32(_image, entry + 8),
                        BitConverter.ToInt32(_image, entry + 20), BitConverter.ToInt32(_image, entry + 16));
                }
                return headers;
            }
        }
    }
}
