import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, Matches } from 'class-validator';
import { UserResponse } from '../../users/dto/user.dto';

export class SignInDto {
  @ApiProperty({ example: 'jo.bloggs@northshire.gov.uk' })
  @IsString()
  @Length(3, 254)
  @IsEmail()
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 1000)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 1000)
  currentPassword!: string;

  @ApiProperty({ format: 'password', minLength: 12, maxLength: 200 })
  @IsString()
  @Length(1, 1000)
  newPassword!: string;
}

export class SetPasswordDto {
  @ApiProperty({ format: 'password', minLength: 12, maxLength: 200 })
  @IsString()
  @Length(1, 1000)
  password!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'jo.bloggs@northshire.gov.uk' })
  @IsString()
  @Length(3, 254)
  @IsEmail()
  email!: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token from the reset email' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'must be the token from the reset email' })
  token!: string;

  @ApiProperty({ format: 'password', minLength: 12, maxLength: 200 })
  @IsString()
  @Length(1, 1000)
  password!: string;
}

export class SessionResponse {
  @ApiProperty({ type: UserResponse }) user!: UserResponse;

  @ApiProperty({
    description: 'Send it in the x-csrf-token header with every POST, PUT, PATCH and DELETE',
  })
  csrfToken!: string;
}
