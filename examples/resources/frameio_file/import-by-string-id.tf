import {
  to = frameio_file.cut
  id = "3f1e2d4c-5b6a-4789-8abc-def012345678"
}
