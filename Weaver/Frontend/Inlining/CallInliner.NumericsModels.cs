using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    // System.Numerics.Quaternion, Matrix3x2, Matrix4x4, and the members of Vector2/3/4 that
    // VectorLowering does not write out (Transform, TransformNormal, Reflect, Clamp, Create,
    // MultiplyAddEstimate): .NET 10 writes their bodies on Vector128 and Unsafe.As, which the
    // engine cannot follow, so a call to one is replaced by the body of its model in the runtime
    // the module references (Runtime/NumericsModels/): plain scalar C# on the public fields that
    // computes what the member computes. The lookup is the table: the model of T's member is the
    // method of AutoDiff.<T>Model with the member's name (`Create` for a constructor) and
    // signature (an instance member's receiver as an `in T` or `ref T` first parameter). A member
    // without a model, or a runtime without models (the netstandard2.0 build), leaves the call,
    // refused as before. Calls a model body makes to another model (or to a System.Numerics
    // member) are inlined the same way; what the inlined code does is reported at the user's call.
    public sealed partial class CallInliner
    {
        private static readonly string[] ModelledTypes = { "Quaternion", "Matrix3x2", "Matrix4x4", "Vector2", "Vector3", "Vector4" };

        /// <summary>Inlines the model standing for <paramref name="target"/>; false when there is none (the call stays).</summary>
        private bool TryInlineNumericsModel(Instruction ins, MethodReference target)
        {
            var model = IsModel(target.DeclaringType) ? target.TryResolve() : NumericsModel(target);
            if (model == null) return false;
            bool constructsInPlace = target.Name == ".ctor" && ins.OpCode.Code == Code.Call; // `ldloca s; args; call .ctor`
            var outer = _dataMoveCall;
            _dataMoveCall ??= (_inlining.Count == 0 ? _primal : _inlining[_inlining.Count - 1], ins);
            try
            {
                if (!constructsInPlace) return TryInline(OpCodes.Call, model, constrained: null, dataMove: true);
                // The receiver's address lies under the arguments: the model's value is stored through it.
                var address = Producer(depth: target.Parameters.Count);
                if (!TryInline(OpCodes.Call, model, constrained: null, dataMove: true)) return false;
                switch (address?.OpCode.Code)
                {
                    case Code.Ldloca: case Code.Ldloca_S:
                        address.OpCode = OpCodes.Nop;
                        Append(Instruction.Create(OpCodes.Stloc, (VariableDefinition)address.Operand));
                        address.Operand = null;
                        break;
                    default:
                        Append(Instruction.Create(OpCodes.Stobj, target.DeclaringType));
                        break;
                }
                return true;
            }
            finally
            {
                _dataMoveCall = outer;
            }
        }

        private static bool IsModel(TypeReference type) =>
            type.Namespace == "AutoDiff" && type.Name.EndsWith("Model") && ModelledTypes.Contains(type.Name.Substring(0, type.Name.Length - "Model".Length));

        /// <summary>The method of AutoDiff.&lt;T&gt;Model in the referenced runtime modelling <paramref name="target"/>, a member of System.Numerics.T; null when there is none.</summary>
        private MethodDefinition? NumericsModel(MethodReference target)
        {
            var type = target.DeclaringType;
            if (type.Namespace != "System.Numerics" || !ModelledTypes.Contains(type.Name) || type is GenericInstanceType) return null;
            var models = _context.Methods.RuntimeModels(type.Name + "Model");
            if (models == null) return null;
            bool constructor = target.Name == ".ctor";
            if (constructor && type.Name.StartsWith("Vector")) return null; // VectorLowering writes them out
            string name = constructor ? "Create" : target.Name;
            var expected = (target.HasThis && !constructor ? new[] { type.FullName + "&" } : new string[0])
                .Concat(target.Parameters.Select(p => p.ParameterType.FullName)).ToArray();
            string result = constructor ? type.FullName : target.ReturnType.FullName;
            return models.Methods.FirstOrDefault(m => m.IsStatic && m.IsPublic && m.Name == name && m.ReturnType.FullName == result &&
                m.Parameters.Select(p => p.ParameterType.FullName).SequenceEqual(expected));
        }
    }
}
