/**
 * Annotorious draws shapes with a copy of PixiJS 7 bundled inside `@annotorious/openseadragon`.
 * Pixi generates its WebGL uniform-upload functions with `new Function(...)`, which our CSP
 * (script-src 'self', no 'unsafe-eval') refuses, and it then refuses to start at all. Pixi's own
 * answer, `@pixi/unsafe-eval`, patches Pixi's classes, which the bundled copy does not expose.
 *
 * So the global `Function` is wrapped: the three function shapes Pixi generates (its eval probe,
 * the uniform sync, the uniform-buffer sync) are answered by interpreters written here, which do
 * what the generated code would do; every other use still reaches the real constructor, and CSP
 * still refuses it. Nothing here evaluates a string. Installed once per page, before Annotorious.
 */

type UniformData = { type: string; size: number; isArray: boolean };
type Slot = { location: WebGLUniformLocation; value: unknown };
type Gl = WebGL2RenderingContext & Record<string, (...args: unknown[]) => void>;
type Renderer = {
  gl: Gl;
  texture: { bind(texture: unknown, unit: number): void };
  shader: {
    shader: { program: { uniformData: Record<string, UniformData> } };
    syncUniformGroup(group: unknown, syncData: unknown): void;
    syncUniformBufferGroup(group: unknown, name: string): void;
  };
};
type SyncData = { textureCount: number };

const INSTALLED = Symbol.for('athar.pixi-no-eval');

/** gl setter and component count of single (non-array) uniforms, by GLSL type. */
const SINGLE: Record<string, [string, number]> = {
  float: ['uniform1f', 1],
  vec2: ['uniform2f', 2],
  vec3: ['uniform3f', 3],
  vec4: ['uniform4f', 4],
  int: ['uniform1i', 1],
  ivec2: ['uniform2i', 2],
  ivec3: ['uniform3i', 3],
  ivec4: ['uniform4i', 4],
  uint: ['uniform1ui', 1],
  uvec2: ['uniform2ui', 2],
  uvec3: ['uniform3ui', 3],
  uvec4: ['uniform4ui', 4],
  bool: ['uniform1i', 1],
  bvec2: ['uniform2i', 2],
  bvec3: ['uniform3i', 3],
  bvec4: ['uniform4i', 4],
  sampler2D: ['uniform1i', 1],
  samplerCube: ['uniform1i', 1],
  sampler2DArray: ['uniform1i', 1]
};
const ARRAY: Record<string, string> = {
  float: 'uniform1fv',
  vec2: 'uniform2fv',
  vec3: 'uniform3fv',
  vec4: 'uniform4fv',
  int: 'uniform1iv',
  ivec2: 'uniform2iv',
  ivec3: 'uniform3iv',
  ivec4: 'uniform4iv',
  uint: 'uniform1uiv',
  uvec2: 'uniform2uiv',
  uvec3: 'uniform3uiv',
  uvec4: 'uniform4uiv',
  bool: 'uniform1iv',
  bvec2: 'uniform2iv',
  bvec3: 'uniform3iv',
  bvec4: 'uniform4iv',
  sampler2D: 'uniform1iv',
  samplerCube: 'uniform1iv',
  sampler2DArray: 'uniform1iv'
};
const MATRIX: Record<string, string> = {
  mat2: 'uniformMatrix2fv',
  mat3: 'uniformMatrix3fv',
  mat4: 'uniformMatrix4fv'
};
const SAMPLERS = new Set(['sampler2D', 'samplerCube', 'sampler2DArray']);

/** Uploads `components` if they differ from the cached vector `slot.value` (Pixi's caching layer). */
function uploadVector(gl: Gl, setter: string, slot: Slot, components: number[]): void {
  const cached = slot.value as number[];
  if (components.every((c, i) => cached[i] === c)) return;
  components.forEach((c, i) => (cached[i] = c));
  gl[setter]?.(slot.location, ...components);
}

/** What Pixi's generated `syncUniforms(ud, uv, renderer, syncData)` does, interpreted. */
function syncUniforms(
  ud: Record<string, Slot>,
  uv: Record<string, unknown>,
  renderer: Renderer,
  syncData: SyncData
) {
  const gl = renderer.gl;
  const types = renderer.shader.shader.program.uniformData;
  for (const name in uv) {
    const data = types[name];
    const value = uv[name] as Record<string, unknown> & ArrayLike<number>;
    if (!data) {
      if (value && (value as { group?: unknown }).group === true) {
        if ((value as { ubo?: unknown }).ubo) renderer.shader.syncUniformBufferGroup(value, name);
        else renderer.shader.syncUniformGroup(value, syncData);
      }
      continue;
    }
    const slot = ud[name];
    if (!slot) continue;
    const single = data.size === 1 && !data.isArray;
    const { type } = data;
    if (single && SAMPLERS.has(type) && (value == null || value.castToBaseTexture !== undefined)) {
      const unit = syncData.textureCount++;
      renderer.texture.bind(value, unit);
      if (slot.value !== unit) {
        slot.value = unit;
        gl.uniform1i(slot.location, unit);
      }
    } else if (single && type === 'mat3' && value.a !== undefined) {
      gl.uniformMatrix3fv(
        slot.location,
        false,
        (value as unknown as { toArray(t: boolean): Float32Array }).toArray(true)
      );
    } else if (single && type === 'vec2' && value.x !== undefined) {
      uploadVector(gl, 'uniform2f', slot, [value.x as number, value.y as number]);
    } else if (single && type === 'vec4' && value.width !== undefined) {
      uploadVector(gl, 'uniform4f', slot, [value.x, value.y, value.width, value.height] as number[]);
    } else if (single && type === 'vec4' && value.red !== undefined) {
      uploadVector(gl, 'uniform4f', slot, [value.red, value.green, value.blue, value.alpha] as number[]);
    } else if (single && type === 'vec3' && value.red !== undefined) {
      uploadVector(gl, 'uniform3f', slot, [value.red, value.green, value.blue] as number[]);
    } else if (MATRIX[type]) {
      gl[MATRIX[type]]?.(slot.location, false, value);
    } else if (single && SINGLE[type]) {
      const [setter, count] = SINGLE[type];
      if (count === 1) {
        if (slot.value !== (value as unknown)) {
          slot.value = value;
          gl[setter]?.(slot.location, value);
        }
      } else {
        uploadVector(
          gl,
          setter,
          slot,
          Array.from({ length: count }, (_, i) => value[i] as number)
        );
      }
    } else if (ARRAY[type]) {
      gl[ARRAY[type]]?.(slot.location, value);
    }
  }
}

let warned = false;
/** Uniform buffers (WebGL 2 UBOs) are not used by the shapes Annotorious draws. */
function syncUniformBuffer() {
  if (!warned) console.warn('[annotation] uniform buffers are not supported without eval');
  warned = true;
}

function answer(args: unknown[]): unknown {
  const names = args.slice(0, -1).join(',');
  const body = String(args[args.length - 1] ?? '');
  if (names === 'param1,param2,param3' && body.trim() === 'return param1[param2] === param3;')
    return (a: Record<string, unknown>, b: string, c: unknown) => a[b] === c;
  if (names === 'ud,uv,renderer,syncData') return syncUniforms;
  if (names === 'ud,uv,renderer,syncData,buffer') return syncUniformBuffer;
  return undefined;
}

export function installPixiNoEval(): void {
  const g = globalThis as unknown as Record<symbol, boolean> & { Function: FunctionConstructor };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const Real = g.Function;
  g.Function = new Proxy(Real, {
    construct(target, args: unknown[], newTarget) {
      return (answer(args) as object | undefined) ?? Reflect.construct(target, args, newTarget);
    },
    apply(target, self, args: unknown[]) {
      return answer(args) ?? Reflect.apply(target, self, args);
    }
  });
}
